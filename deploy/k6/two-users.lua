-- wrk script: the two-user scenario of load.js. Each thread has one connection,
-- so every response answers the request sent just before it on that thread;
-- requests alternate between the two users and each answer must be the caller's.
local users = {
  { token = os.getenv("TOKEN_A"), expect = os.getenv("EXPECT_A") or "2000" },
  { token = os.getenv("TOKEN_B"), expect = os.getenv("EXPECT_B") or "3450" },
}
local body = '{"messages":[{"role":"user","content":"What is the total sales amount?"}]}'
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  sent, ok, wrong, failed = 0, 0, 0, 0
end

function request()
  sent = sent + 1
  local me = users[(sent % 2) + 1]
  return wrk.format("POST", "/invocations",
    { ["Authorization"] = "Bearer " .. me.token, ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, answer)
  local me = users[(sent % 2) + 1]
  local other = users[((sent + 1) % 2) + 1]
  if status ~= 200 then
    failed = failed + 1
  elseif string.find(answer, me.expect, 1, true) and not string.find(answer, other.expect, 1, true) then
    ok = ok + 1
  else
    wrong = wrong + 1
  end
end

function done(summary, latency, requests)
  local total_ok, total_wrong, total_failed = 0, 0, 0
  for _, t in ipairs(threads) do
    total_ok = total_ok + t:get("ok")
    total_wrong = total_wrong + t:get("wrong")
    total_failed = total_failed + t:get("failed")
  end
  io.write(string.format("two-users: own answers %d, someone else's %d, failed %d; p50 %.1f ms, p95 %.1f ms, p99 %.1f ms\n",
    total_ok, total_wrong, total_failed,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
