-- Requests the paths of a file (WRK_PATHS) in order from a random start,
-- interleaved over wrk's threads, so no path repeats within a run.
local paths = {}
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  local f = assert(io.open(os.getenv("WRK_PATHS"), "r"))
  for line in f:lines() do paths[#paths + 1] = line end
  f:close()
  step = tonumber(os.getenv("WRK_THREADS") or "2")
  math.randomseed(os.time() * 16 + id)
  i = math.floor(math.random(0, #paths - 1) / step) * step + id
end
function request()
  local p = paths[(i % #paths) + 1]
  i = i + step
  return wrk.format("GET", p)
end
