--- :RouteSmith subcommands, each a thin call of one server command (`workspace/executeCommand` with a
--- single object argument, see the RouteSmith LSP contract), plus the server's `routesmith/status`.
local M = {}

local ERROR = vim.log.levels.ERROR

-- Hosts that ship with RouteSmith (server/routesmith/hosts/data/*.toml), for completion only: `host` and
-- `stats` pass any name on, and the server names the known ones when it does not know it.
M.hosts = { 'aider', 'claude_code', 'codex', 'copilot', 'cursor', 'gemini_cli', 'generic' }

local USAGE = 'record success|failure, explain, stats [host], host <name>|auto, status'

--- The last `routesmith/status` per client id: {host, display, canSwitch, source, switchModes}.
local status_by_client = {}

local function notify(message, level)
  vim.notify('RouteSmith: ' .. message, level or vim.log.levels.INFO)
end

--- JSON null arrives as vim.NIL in arrays and as nil in objects.
local function present(value)
  return value ~= nil and value ~= vim.NIL
end

local function attached_client(bufnr)
  local client = vim.lsp.get_clients({ bufnr = bufnr, name = 'routesmith' })[1]
  if not client then
    notify(
      "no routesmith language server is attached to this buffer: call vim.lsp.enable('routesmith') in your "
        .. 'config and open a markdown or prompt file (:checkhealth vim.lsp says why a server did not start)',
      ERROR
    )
  end
  return client
end

--- Runs a server command; `on_result` gets its result, a JSON-RPC error is shown as it came.
local function execute(client, bufnr, command, argument, on_result)
  client:request('workspace/executeCommand', { command = command, arguments = { argument } }, function(err, result)
    if err then
      notify(('%s failed: %s'):format(command, err.message or vim.inspect(err)), ERROR)
    else
      on_result(result)
    end
  end, bufnr)
end

--- Appends `text` (which may hold newlines, as prompt text does) to `lines`, `prefix` before each line.
local function append(lines, prefix, text)
  for _, line in ipairs(vim.split(tostring(text), '\n', { plain = true })) do
    lines[#lines + 1] = prefix .. line
  end
end

--- Shows `lines` in a read-only scratch buffer called `name`, reusing its window if it is visible.
local function show_scratch(name, lines)
  local buf
  for _, candidate in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_get_name(candidate) == name then
      buf = candidate
    end
  end
  if not buf then
    buf = vim.api.nvim_create_buf(false, true)
    vim.api.nvim_buf_set_name(buf, name)
    vim.bo[buf].bufhidden = 'wipe'
    vim.bo[buf].filetype = 'markdown'
    vim.keymap.set('n', 'q', '<cmd>close<cr>', { buffer = buf, desc = 'Close this RouteSmith window' })
  end
  vim.bo[buf].modifiable = true
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].modifiable = false
  if vim.fn.bufwinid(buf) == -1 then
    vim.api.nvim_open_win(buf, true, { split = 'below', win = -1, height = math.min(#lines, 20) })
  end
  return buf
end

local function describe_status(status)
  local parts = { ('host %s (%s)'):format(status.host, status.display or status.host) }
  if status.canSwitch then
    local modes = present(status.switchModes) and table.concat(status.switchModes, ', ') or ''
    parts[#parts + 1] = modes ~= '' and ('switches models: ' .. modes) or 'switches models'
  else
    parts[#parts + 1] = 'cannot switch models: prompt strategies'
  end
  if present(status.source) then
    parts[#parts + 1] = 'from ' .. status.source
  end
  return table.concat(parts, ' · ')
end

local function explain_lines(file, route)
  local lines = { '# RouteSmith route: ' .. file, '' }
  lines[#lines + 1] = describe_status({ host = route.host, canSwitch = route.canSwitch })
  for _, note in ipairs(route.notes or {}) do
    append(lines, '- ', note)
  end
  for _, step in ipairs(route.steps or {}) do
    local target = present(step.model) and step.model or ('strategy: ' .. tostring(step.strategy))
    lines[#lines + 1] = ''
    lines[#lines + 1] = ('## %d. %s · %s · %s'):format(step.id, step.task, step.capability, target)
    append(lines, '> ', step.text)
    if step.depends_on and #step.depends_on > 0 then
      lines[#lines + 1] = 'depends on: ' .. table.concat(vim.tbl_map(tostring, step.depends_on), ', ')
    end
    for _, reason in ipairs(step.reasons or {}) do
      append(lines, '- ', reason)
    end
  end
  if route.excluded and #route.excluded > 0 then
    lines[#lines + 1] = ''
    lines[#lines + 1] = '## Not routed (negated)'
    for _, exclusion in ipairs(route.excluded) do
      append(lines, '- ', present(exclusion.text) and exclusion.text or vim.json.encode(exclusion))
    end
  end
  return lines
end

local function stats_lines(groups)
  if #groups == 0 then
    return { '# RouteSmith outcomes', '', 'No outcomes recorded yet: :RouteSmith record success|failure' }
  end
  local lines = {
    '# RouteSmith outcomes',
    '',
    '| host | capability | model | n | success | 95% interval | p50 ms | p90 ms |',
    '|---|---|---|---|---|---|---|---|',
  }
  local function ms(value)
    return present(value) and tostring(value) or '-'
  end
  for _, g in ipairs(groups) do
    lines[#lines + 1] = ('| %s | %s | %s | %d | %.0f%% | %.0f–%.0f%% | %s | %s |'):format(
      g.host,
      g.capability,
      g.model,
      g.n,
      100 * g.success_rate,
      100 * g.ci95[1],
      100 * g.ci95[2],
      ms(g.p50_ms),
      ms(g.p90_ms)
    )
  end
  return lines
end

local subcommands = {}

--- Declares `:RouteSmith {name}`: arguments `accepts` rejects show `usage`; `run(client, bufnr, args)` runs
--- only with a routesmith server attached to the buffer.
local function subcommand(name, usage, accepts, run)
  subcommands[name] = function(bufnr, args)
    if not accepts(args) then
      return notify(('usage: :RouteSmith %s %s'):format(name, usage), ERROR)
    end
    local client = attached_client(bufnr)
    if client then
      run(client, bufnr, args)
    end
  end
end

local function no_arguments(args)
  return #args == 0
end

subcommand('record', 'success|failure (the outcome of the step under the cursor)', function(args)
  return #args == 1 and (args[1] == 'success' or args[1] == 'failure')
end, function(client, bufnr, args)
  local outcome = args[1]
  -- The position goes out in the negotiated encoding (utf-8 with a current server): byte columns here.
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local argument = { uri = params.textDocument.uri, position = params.position, success = outcome == 'success' }
  execute(client, bufnr, 'routesmith.recordOutcome', argument, function(result)
    local record = result.record or {}
    notify(
      ('recorded %s for step %s (%s · %s) in %s'):format(
        outcome,
        tostring(record.step_id or '?'),
        tostring(record.task),
        tostring(record.model),
        tostring(result.log)
      )
    )
  end)
end)

subcommand('explain', '(the route of the current file, in a split)', no_arguments, function(client, bufnr)
  local file = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':~:.')
  execute(client, bufnr, 'routesmith.explainRoute', { uri = vim.uri_from_bufnr(bufnr) }, function(route)
    show_scratch('routesmith://explain/' .. file, explain_lines(file, route))
  end)
end)

subcommand('stats', '[host] (recorded outcomes per host, capability and model)', function(args)
  return #args <= 1
end, function(client, bufnr, args)
  local argument = args[1] and { host = args[1] } or vim.empty_dict()
  execute(client, bufnr, 'routesmith.showStats', argument, function(result)
    show_scratch('routesmith://stats', stats_lines(result.groups or {}))
  end)
end)

subcommand('host', '<name>|auto (route for this host; auto: back to detection)', function(args)
  return #args == 1
end, function(client, bufnr, args)
  local argument = { host = args[1] == 'auto' and vim.NIL or args[1] }
  execute(client, bufnr, 'routesmith.setHost', argument, function(status)
    M.set_status(client.id, status)
    notify(describe_status(status))
  end)
end)

subcommand('status', '(the host the server routes for)', no_arguments, function(client)
  local status = status_by_client[client.id]
  notify(status and describe_status(status) or 'the server has not reported a status yet')
end)

--- The route of buffer `bufnr` in a split (:RouteSmith explain, and the code lens' command).
function M.explain(bufnr)
  subcommands.explain(bufnr, {})
end

--- Handler of the server's `routesmith/status` notification (lsp/routesmith.lua).
function M.set_status(client_id, status)
  status_by_client[client_id] = status
  vim.api.nvim_exec_autocmds('User', { pattern = 'RouteSmithStatus', modeline = false, data = status })
  vim.cmd.redrawstatus({ bang = true }) -- statuslines showing M.statusline() are stale now
end

--- For a statusline: "RouteSmith: <host>" for the current buffer's server, '' if none has reported.
function M.statusline()
  local client = vim.lsp.get_clients({ bufnr = 0, name = 'routesmith' })[1]
  local status = client and status_by_client[client.id]
  return status and ('RouteSmith: ' .. status.host) or ''
end

--- :RouteSmith {subcommand} [args]
function M.command(fargs)
  local run = subcommands[fargs[1]]
  if not run then
    return notify(('unknown subcommand "%s"; use one of: %s'):format(fargs[1], USAGE), ERROR)
  end
  run(vim.api.nvim_get_current_buf(), vim.list_slice(fargs, 2))
end

--- Completion of :RouteSmith; `line` is the command line up to the cursor.
function M.complete(arg_lead, line)
  local words = vim.split(line, '%s+', { trimempty = true })
  -- words[1] is the command itself; the word being typed (arg_lead) is not complete yet.
  local done = #words - (arg_lead ~= '' and 1 or 0)
  local candidates = {}
  if done == 1 then
    candidates = vim.tbl_keys(subcommands)
    table.sort(candidates)
  elseif done == 2 then
    candidates = ({ record = { 'success', 'failure' }, host = { 'auto', unpack(M.hosts) }, stats = M.hosts })[words[2]]
      or {}
  end
  return vim.tbl_filter(function(candidate)
    return vim.startswith(candidate, arg_lead)
  end, candidates)
end

return M
