// Load test of genie-obo: an open model (constant arrival rate) with two users
// whose tokens differ; every answer must be that user's own.
//
//   k6 run -e BASE_URL=https://genie-obo.example.com -e TOKEN_A=... -e TOKEN_B=... \
//          -e EXPECT_A=<figure in A's answer> -e EXPECT_B=<figure in B's answer> deploy/k6/load.js
//
// Against the simulated workspace (./mvnw quarkus:dev -Dsim, or the sim jar) leave the
// tokens out: setup() mints alice's and bob's (answers 2000 and 3450).
import http from 'k6/http';
import { check } from 'k6';

const BASE = __ENV.BASE_URL || 'http://localhost:8080';
const QUESTION = __ENV.QUESTION || 'What is the total sales amount?';

export const options = {
  scenarios: {
    turns: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE || 10),
      timeUnit: '1s',
      duration: __ENV.DURATION || '1m',
      preAllocatedVUs: Number(__ENV.VUS || 20),
      maxVUs: Number(__ENV.MAX_VUS || 200),
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    http_req_duration: [`p(95)<${__ENV.P95_MS || 15000}`],
    checks: ['rate>0.99'],
  },
};

function simToken(user) {
  const res = http.post(`${BASE}/sim/users/${user}/token`);
  if (res.status !== 200) {
    throw new Error(`no TOKEN_A/TOKEN_B given and ${BASE} is not the simulated workspace (${res.status})`);
  }
  return res.json('access_token');
}

export function setup() {
  return {
    users: [
      { name: 'A', token: __ENV.TOKEN_A || simToken('alice'), expect: __ENV.EXPECT_A || '2000' },
      { name: 'B', token: __ENV.TOKEN_B || simToken('bob'), expect: __ENV.EXPECT_B || '3450' },
    ],
  };
}

export default function (data) {
  const me = data.users[__ITER % 2];
  const other = data.users[(__ITER + 1) % 2];
  const res = http.post(`${BASE}/invocations`,
    JSON.stringify({ messages: [{ role: 'user', content: QUESTION }] }),
    { headers: { Authorization: `Bearer ${me.token}`, 'Content-Type': 'application/json' }, tags: { user: me.name } });
  check(res, {
    'status is 200': (r) => r.status === 200,
    'answer is the caller\'s own': (r) => {
      if (r.status !== 200) return false;
      const answer = r.json('messages.2.content') || '';
      return answer.includes(me.expect) && !answer.includes(other.expect);
    },
  });
}

export function handleSummary(data) {
  const out = __ENV.SUMMARY || 'k6-load-summary.json';
  const d = data.metrics.http_req_duration.values;
  const line = `turns: ${data.metrics.http_reqs.values.count}, failed: ${(data.metrics.http_req_failed.values.rate * 100).toFixed(2)}%, `
    + `p50 ${d.med.toFixed(1)} ms, p95 ${d['p(95)'].toFixed(1)} ms, max ${d.max.toFixed(1)} ms\n`;
  return { [out]: JSON.stringify(data, null, 2), stdout: line };
}
