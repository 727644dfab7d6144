// The official Node OpenAI SDK against two Sluice nodes running as separate processes.
// Environment: SLUICE_NODE_A, SLUICE_NODE_B (base URLs), SLUICE_KEY, SIMULATOR_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import OpenAI, { AuthenticationError, BadRequestError, NotFoundError } from 'openai';

const nodeA = process.env.SLUICE_NODE_A;
const nodeB = process.env.SLUICE_NODE_B;
const key = process.env.SLUICE_KEY;
const simulator = process.env.SIMULATOR_URL;

const clientA = new OpenAI({ baseURL: `${nodeA}/v1`, apiKey: key, maxRetries: 0 });
const clientB = new OpenAI({ baseURL: `${nodeB}/v1`, apiKey: key, maxRetries: 0 });

const nonce = () => `nonce=${randomUUID()}`;

async function upstreamCalls(match) {
  const response = await fetch(`${simulator}/_sim/calls?match=${encodeURIComponent(match)}`);
  return (await response.json()).count;
}

async function streamedText(client, body) {
  const stream = await client.chat.completions.create({ ...body, stream: true });
  let text = '';
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
  }
  return text;
}

test('chat without streaming returns a completion', async () => {
  const completion = await clientA.chat.completions.create({
    model: 'demo-chat',
    messages: [{ role: 'user', content: `Hello. ${nonce()}` }],
  });
  assert.equal(completion.object, 'chat.completion');
  assert.ok(completion.choices[0].message.content.length > 0);
  assert.ok(completion.usage.total_tokens > 0);
  assert.match(completion._request_id, /^req_/);
});

test('chat streaming yields chunks and usage when asked', async () => {
  const stream = await clientA.chat.completions.create({
    model: 'demo-chat',
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: `Stream. ${nonce()}` }],
  });
  let text = '';
  let usage = null;
  let chunks = 0;
  for await (const chunk of stream) {
    chunks += 1;
    text += chunk.choices[0]?.delta?.content ?? '';
    usage = chunk.usage ?? usage;
  }
  assert.ok(chunks > 3);
  assert.ok(text.length > 0);
  assert.ok(usage.total_tokens > 0);
});

test('a repeated deterministic request is a cache hit', async () => {
  const body = { model: 'demo-chat', temperature: 0, messages: [{ role: 'user', content: `Cache. ${nonce()}` }] };
  const first = await clientA.chat.completions.create(body).withResponse();
  const second = await clientA.chat.completions.create(body).withResponse();
  assert.equal(first.response.headers.get('x-sluice-cache'), 'MISS');
  assert.equal(second.response.headers.get('x-sluice-cache'), 'HIT');
  assert.equal(second.data.choices[0].message.content, first.data.choices[0].message.content);
});

test('a streamed answer is replayed from the cache on the other node', async () => {
  const prompt = `Replay. ${nonce()}`;
  const body = { model: 'demo-chat', temperature: 0, messages: [{ role: 'user', content: prompt }] };
  const original = await streamedText(clientA, body);
  const replayed = await streamedText(clientB, body);
  const asJson = await clientB.chat.completions.create(body);
  assert.equal(replayed, original);
  assert.equal(asJson.choices[0].message.content, original);
  assert.equal(await upstreamCalls(prompt), 1);
});

test('embeddings in the default base64 and in float agree', async () => {
  const input = `Embed. ${nonce()}`;
  const viaBase64 = await clientA.embeddings.create({ model: 'demo-embed', input });
  const viaFloat = await clientB.embeddings.create({ model: 'demo-embed', input: [input], encoding_format: 'float' });
  assert.ok(viaBase64.data[0].embedding.length > 1);
  // JSON carries the shortest decimal of each float32; rounding it back to float32 gives the same value.
  assert.deepEqual(viaFloat.data[0].embedding.map(Math.fround), Array.from(viaBase64.data[0].embedding));
  assert.equal(await upstreamCalls(input), 1);
});

test('the model list shows the aliases of the key', async () => {
  const ids = [];
  for await (const model of clientA.models.list()) {
    ids.push(model.id);
    assert.equal(model.object, 'model');
  }
  assert.deepEqual(ids, ['demo-chat', 'demo-embed']);
  const one = await clientA.models.retrieve('demo-embed');
  assert.equal(one.id, 'demo-embed');
});

test('errors raise the SDK error classes', async () => {
  const wrongKey = new OpenAI({ baseURL: `${nodeA}/v1`, apiKey: 'sk-wrong-0000', maxRetries: 0 });
  await assert.rejects(
    wrongKey.chat.completions.create({ model: 'demo-chat', messages: [{ role: 'user', content: 'x' }] }),
    AuthenticationError,
  );
  await assert.rejects(
    clientA.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }),
    (error) => error instanceof NotFoundError && error.code === 'model_not_found',
  );
  await assert.rejects(
    clientA.chat.completions.create({ model: 'demo-chat', temperature: 5, messages: [{ role: 'user', content: 'x' }] }),
    (error) => error instanceof BadRequestError && error.param === 'temperature',
  );
});

test('a stream cut by the upstream raises an error instead of ending quietly', async () => {
  const prompt = `Cut. ${nonce()}`;
  const chunk = (delta, finish = null) => ({
    data: { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] },
  });
  await fetch(`${simulator}/_sim/scripts`, {
    method: 'POST',
    body: JSON.stringify({ match: prompt, responses: [{ events: [chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Par' }), chunk({ content: 'tial' })], end: 'abort' }] }),
  });
  await assert.rejects(streamedText(clientA, { model: 'demo-chat', temperature: 0,
    messages: [{ role: 'user', content: prompt }] }));
});
