-- wrk script: the two-user scenario of load.js. Each thread has one connection,
-- so every response answers the request sent just before it on that thread;
-- requests alternate between the two users and each answer must be the caller's.
-- The check reads the final assistant message, as load.js reads messages[2].content:
-- the rest of the body carries random hex ids that can hold either figure
-- ("id":"c2000d0a-..." once failed CI as "someone else's").
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
  sent, ok, wrong, unexpected, failed = 0, 0, 0, 0, 0
end

-- the text of the last assistant message: up to a quote that is not escaped and
-- ends the string value
local function final_answer(body)
  local last
  for text in string.gmatch(body, '"role":"assistant","content":"(.-[^\\])"[,}]') do
    last = text
  end
  return last
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
  local text = status == 200 and final_answer(answer) or nil
  if status ~= 200 then
    failed = failed + 1
  elseif text and string.find(text, other.expect, 1, true) then
    wrong = wrong + 1
    io.write("someone else's answer: " .. text .. "\n")
  elseif text and string.find(text, me.expect, 1, true) then
    ok = ok + 1
  else
    unexpected = unexpected + 1
    io.write("answer without the caller's figure: " .. answer:sub(1, 2000) .. "\n")
  end
end

function done(summary, latency, requests)
  local total_ok, total_wrong, total_unexpected, total_failed = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    total_ok = total_ok + t:get("ok")
    total_wrong = total_wrong + t:get("wrong")
    total_unexpected = total_unexpected + t:get("unexpected")
    total_failed = total_failed + t:get("failed")
  end
  io.write(string.format("two-users: own answers %d, someone else's %d, without the caller's figure %d, failed %d; p50 %.1f ms, p95 %.1f ms, p99 %.1f ms\n",
    total_ok, total_wrong, total_unexpected, total_failed,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
