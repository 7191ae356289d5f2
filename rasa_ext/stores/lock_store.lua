-- One atomic change of a conversation's ticket lock (rasa_ext/stores/lock_store.py).
-- The lock is stored as Rasa's TicketLock writes it:
--   {"conversation_id": "...", "tickets": ["{\"number\": 0, \"expires\": 1795000000.5}", ...]}
-- KEYS[1]: the lock's key
-- ARGV: operation ("issue" | "poll" | "release"), conversation id, now (the caller's clock,
--       as Rasa's Ticket.has_expired uses it), and the lifetime (issue) or ticket number.
-- Returns {issued ticket or -1, ticket now served or -1, 1 if the caller's ticket is live else 0}.
local key, operation, conversation_id = KEYS[1], ARGV[1], ARGV[2]
local now, argument = tonumber(ARGV[3]), tonumber(ARGV[4])

local tickets, changed = {}, false
local stored = redis.call("GET", key)
if stored then
  for _, encoded in ipairs(cjson.decode(stored).tickets or {}) do
    local ticket = cjson.decode(encoded)
    if now > ticket.expires then changed = true else table.insert(tickets, ticket) end
  end
end

local issued = -1
if operation == "issue" then
  issued = 0
  if #tickets > 0 then issued = tickets[#tickets].number + 1 end
  table.insert(tickets, {number = issued, expires = now + argument})
  changed = true
  argument = issued  -- "live" below reports on the new ticket
elseif operation == "release" then
  for index, ticket in ipairs(tickets) do
    if ticket.number == argument then table.remove(tickets, index); changed = true; break end
  end
end

if changed then
  if #tickets == 0 then
    redis.call("DEL", key)
  else
    local encoded = {}
    for index, ticket in ipairs(tickets) do
      encoded[index] = cjson.encode({number = ticket.number, expires = ticket.expires})
    end
    redis.call("SET", key, cjson.encode({conversation_id = conversation_id, tickets = encoded}))
  end
end

local serving, live = -1, 0
if #tickets > 0 then serving = tickets[1].number end
for _, ticket in ipairs(tickets) do
  if ticket.number == argument then live = 1 end
end
return {issued, serving, live}
