// End-to-end compatibility check: drives a running Tierwise gateway with the official `openai`
// npm package and prints one JSON object describing what the SDK saw. Run by
// io.tierwise.gateway.OpenAiSdkCompatibilityTest, which asserts on the output.
//
// Usage: node openai-e2e.mjs <baseURL>    e.g. http://127.0.0.1:8080/v1
import OpenAI from 'openai';

const baseURL = process.argv[2];
if (!baseURL) {
  console.error('usage: node openai-e2e.mjs <baseURL>');
  process.exit(2);
}

const client = new OpenAI({
  baseURL,
  apiKey: 'not-checked-by-tierwise',
  maxRetries: 0,
  timeout: 30_000,
  defaultHeaders: { 'x-tierwise-tenant': 'npm-e2e', 'x-tierwise-workflow': 'sdk-compat' },
});
const messages = [
  { role: 'system', content: 'Answer briefly.' },
  { role: 'user', content: 'Say hello.' },
];

function tierwiseHeaders(response) {
  return {
    tier: response.headers.get('x-tierwise-tier'),
    model: response.headers.get('x-tierwise-model'),
    costUsd: response.headers.get('x-tierwise-cost-usd'),
    decisionId: response.headers.get('x-tierwise-decision-id'),
  };
}

const models = await client.models.list();

const plain = await client.chat.completions
  .create({ model: 'tierwise/auto', messages, max_tokens: 64 })
  .withResponse();

const streamed = await client.chat.completions
  .create({ model: 'tierwise/auto', messages, stream: true, stream_options: { include_usage: true } })
  .withResponse();
let text = '';
let usage = null;
let chunks = 0;
for await (const chunk of streamed.data) {
  chunks += 1;
  if (chunk.choices.length > 0) {
    text += chunk.choices[0].delta?.content ?? '';
  }
  if (chunk.usage) {
    usage = chunk.usage;
  }
}

let interrupted = null;
let interruptedText = '';
try {
  const stream = await client.chat.completions.create({ model: 'small', messages, stream: true });
  for await (const chunk of stream) {
    interruptedText += chunk.choices[0]?.delta?.content ?? '';
  }
} catch (e) {
  interrupted = { error: e.constructor.name, message: e.message, code: e.code ?? null };
}

let notFound = null;
try {
  await client.chat.completions.create({ model: 'no-such-model', messages });
} catch (e) {
  notFound = { error: e.constructor.name, status: e.status, code: e.code ?? null, type: e.type ?? null };
}

console.log(
  JSON.stringify({
    models: models.data.map((m) => m.id),
    nonStreaming: {
      id: plain.data.id,
      object: plain.data.object,
      content: plain.data.choices[0].message.content,
      finishReason: plain.data.choices[0].finish_reason,
      usage: plain.data.usage,
      headers: tierwiseHeaders(plain.response),
    },
    streaming: { content: text, chunks, usage, headers: tierwiseHeaders(streamed.response) },
    interrupted: { ...interrupted, partialContent: interruptedText },
    notFound,
  }),
);
