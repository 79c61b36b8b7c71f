// Cold starts of genie-obo: bursts separated by idle periods long enough for
// the platform to scale to zero (Knative's default grace is about a minute;
// Lambda keeps idle instances for minutes). The first requests of each burst
// pay the cold start; compare them with the rest in the summary.
//
//   k6 run -e BASE_URL=https://genie-obo.example.com -e TOKEN=... -e IDLE=300s deploy/k6/cold.js
import http from 'k6/http';
import { check } from 'k6';

const BASE = __ENV.BASE_URL || 'http://localhost:8080';
const IDLE = __ENV.IDLE || '300s';
const BURSTS = Number(__ENV.BURSTS || 3);
const BURST_SIZE = Number(__ENV.BURST_SIZE || 20);

function seconds(text) {
  const n = parseFloat(text);
  return text.endsWith('m') ? n * 60 : n;
}

const scenarios = {};
for (let i = 0; i < BURSTS; i++) {
  scenarios[`burst${i + 1}`] = {
    executor: 'shared-iterations',
    vus: BURST_SIZE,
    iterations: BURST_SIZE,
    startTime: `${i * (seconds(IDLE) + 30)}s`,
    maxDuration: '120s',
    tags: { burst: String(i + 1) },
  };
}

export const options = {
  scenarios,
  thresholds: {
    http_req_failed: ['rate<0.01'],
    // per-burst latency shows up in the summary as sub-metrics
    'http_req_duration{burst:1}': ['max>=0'],
  },
};

export function setup() {
  if (__ENV.TOKEN) {
    return { token: __ENV.TOKEN };
  }
  const res = http.post(`${BASE}/sim/users/alice/token`);
  return { token: res.json('access_token') };
}

export default function (data) {
  const res = http.post(`${BASE}/invocations`,
    JSON.stringify({ messages: [{ role: 'user', content: __ENV.QUESTION || 'What is the total sales amount?' }] }),
    { headers: { Authorization: `Bearer ${data.token}`, 'Content-Type': 'application/json' } });
  check(res, { 'status is 200': (r) => r.status === 200 });
}

export function handleSummary(data) {
  const out = __ENV.SUMMARY || 'k6-cold-summary.json';
  let text = '';
  for (let i = 1; i <= BURSTS; i++) {
    const m = data.metrics[`http_req_duration{burst:${i}}`];
    if (m) {
      text += `burst ${i}: max ${m.values.max.toFixed(1)} ms, p50 ${m.values.med.toFixed(1)} ms\n`;
    }
  }
  return { [out]: JSON.stringify(data, null, 2), stdout: text };
}
