-- Headless end-to-end driver for tests/editors/test_nvim.py:
--   nvim --headless --clean -u NONE --cmd 'set rtp^=editors/nvim' -l editors/nvim/test/e2e.lua SPEC.json
-- SPEC: {output, timeout_ms, globals?, config?, file?, enable? (false: the user's init.lua enables the server),
-- actions: [{do = ...}]}. Loads the real lsp/ and plugin/
-- files from the runtimepath, runs the actions in order like a user would and writes what it saw as JSON
-- to `output`, for pytest to assert. A failed wait is reported, not raised: pytest shows the state.
local spec_path = assert(_G.arg[1], 'usage: e2e.lua SPEC.json')
local spec = vim.json.decode(assert(io.open(spec_path)):read('*a'))
local timeout = spec.timeout_ms or 30000
local result = { actions = {}, messages = {}, status_events = {} }

-- Every message a user would see, in order, with its level.
vim.notify = function(message, level)
  table.insert(result.messages, { message = message, level = level or vim.log.levels.INFO })
  io.stderr:write(('notify[%s]: %s\n'):format(tostring(level), message))
end

vim.api.nvim_create_autocmd('User', {
  pattern = 'RouteSmithStatus',
  callback = function(args)
    table.insert(result.status_events, args.data)
  end,
})

local function routesmith_client()
  return vim.lsp.get_clients({ bufnr = 0, name = 'routesmith' })[1]
end

local function hints()
  local out = {}
  for _, item in ipairs(vim.lsp.inlay_hint.get({ bufnr = 0 })) do
    local hint = item.inlay_hint
    local label = hint.label
    if type(label) == 'table' then
      label = table.concat(vim.tbl_map(function(part)
        return part.value
      end, label))
    end
    local line = vim.api.nvim_buf_get_lines(0, hint.position.line, hint.position.line + 1, false)[1] or ''
    table.insert(out, {
      line = hint.position.line,
      character = hint.position.character,
      label = label,
      padding_left = hint.paddingLeft or false,
      before = line:sub(1, hint.position.character),
    })
  end
  table.sort(out, function(a, b)
    return a.line < b.line or (a.line == b.line and a.character < b.character)
  end)
  return out
end

local function labels(list)
  return vim.tbl_map(function(h)
    return h.label
  end, list)
end

--- Waits (`wait_ms`, default: the spec's timeout) for the first message after `since` that matches
--- `pattern` or is an error.
local function wait_message(since, pattern, wait_ms)
  local found
  vim.wait(wait_ms or timeout, function()
    for i = since + 1, #result.messages do
      local m = result.messages[i]
      if m.message:find(pattern) or m.level == vim.log.levels.ERROR then
        found = m
        return true
      end
    end
    return false
  end, 20)
  return found
end

local function buffer_named(pattern)
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_get_name(buf):find(pattern) then
      return buf
    end
  end
end

local handlers = {}

-- Waits for inlay hints; with `expect` (the labels in order) until they are exactly those, because a
-- settings pull or a host change can refresh them after the first answer; with `line`, until they all
-- sit on that line (after an edit moved the text).
function handlers.hints(action)
  local ok = vim.wait(timeout, function()
    local current = hints()
    if action.line and vim.iter(current):any(function(h)
      return h.line ~= action.line
    end) then
      return false
    end
    if action.expect then
      return vim.deep_equal(labels(current), action.expect)
    end
    return #current > 0
  end, 50)
  return { waited = ok, hints = hints(), enabled = vim.lsp.inlay_hint.is_enabled({ bufnr = 0 }) }
end

function handlers.inlay_hints_enabled()
  return { enabled = vim.lsp.inlay_hint.is_enabled({ bufnr = 0 }) }
end

function handlers.cursor(action)
  vim.api.nvim_win_set_cursor(0, { action.line + 1, action.col })
  return { cursor = vim.api.nvim_win_get_cursor(0) }
end

-- Offers every code action at the cursor, applies the one titled `title` and waits for the edit.
function handlers.code_action(action)
  local titles = {}
  local tick = vim.b.changedtick
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(candidate)
      table.insert(titles, candidate.title)
      return candidate.title == action.title
    end,
  })
  local applied = vim.wait(timeout, function()
    return vim.b.changedtick ~= tick
  end, 20)
  return { titles = titles, applied = applied, lines = vim.api.nvim_buf_get_lines(0, 0, -1, false) }
end

-- The hover text at the cursor, asked the way vim.lsp.buf.hover() asks (position in the client's encoding).
function handlers.hover()
  local client = routesmith_client()
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local response = client:request_sync('textDocument/hover', params, timeout, 0) or {}
  local contents = response.result and response.result.contents
  return { error = response.err and response.err.message, value = contents and (contents.value or contents) }
end

-- Waits for the buffer's diagnostics from routesmith (until there are `count`).
function handlers.diagnostics(action)
  local function current()
    return vim.tbl_map(function(d)
      local line = vim.api.nvim_buf_get_lines(0, d.lnum, d.lnum + 1, false)[1] or ''
      return {
        lnum = d.lnum,
        col = d.col,
        end_col = d.end_col,
        severity = d.severity,
        message = d.message,
        source = d.source,
        text = d.end_lnum == d.lnum and line:sub(d.col + 1, d.end_col) or vim.NIL,
      }
    end, vim.diagnostic.get(0))
  end
  local ok = vim.wait(timeout, function()
    return #current() == action.count
  end, 50)
  return { waited = ok, diagnostics = current() }
end

-- Runs an Ex command; with `wait_for`, waits for a message matching it (or an error message).
function handlers.command(action)
  local since = #result.messages
  local ok, err = pcall(vim.cmd, action.cmd)
  local out = { ok = ok, error = not ok and tostring(err) or nil }
  if ok and action.wait_for then
    out.message = wait_message(since, action.wait_for)
  end
  out.messages = vim.list_slice(result.messages, since + 1)
  return out
end

-- Runs an Ex command that opens a scratch buffer named like `buffer`, and returns its lines.
function handlers.scratch(action)
  local source = vim.api.nvim_get_current_win()
  local since = #result.messages
  local ok, err = pcall(vim.cmd, action.cmd)
  local buf
  vim.wait(timeout, function()
    buf = buffer_named(action.buffer)
    return buf ~= nil or #result.messages > since
  end, 20)
  local out = { ok = ok, error = not ok and tostring(err) or nil, messages = vim.list_slice(result.messages, since + 1) }
  if buf then
    out.name = vim.api.nvim_buf_get_name(buf)
    out.lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
    out.filetype = vim.bo[buf].filetype
    out.modifiable = vim.bo[buf].modifiable
    out.visible = vim.fn.bufwinid(buf) ~= -1
  end
  vim.api.nvim_set_current_win(source)
  return out
end

-- Completion at (line, byte col), asked the way Neovim's completion asks (position in the client's
-- encoding): the items' labels in the order the server sorts them, with their details.
function handlers.completion(action)
  local client = routesmith_client()
  vim.api.nvim_win_set_cursor(0, { action.line + 1, action.col })
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local response = client:request_sync('textDocument/completion', params, timeout, 0) or {}
  local result = response.result or {}
  local items = result.items or result
  table.sort(items, function(a, b)
    return (a.sortText or a.label) < (b.sortText or b.label)
  end)
  return {
    error = response.err and response.err.message,
    labels = vim.tbl_map(function(item)
      return item.label
    end, items),
    details = vim.tbl_map(function(item)
      return item.detail or vim.NIL
    end, items),
  }
end

-- :lua vim.lsp.buf.document_symbol() as a user runs it: the symbols land in the window's location list.
function handlers.document_symbol()
  local source = vim.api.nvim_get_current_win()
  vim.fn.setloclist(source, {}, 'r')
  vim.lsp.buf.document_symbol()
  local ok = vim.wait(timeout, function()
    return #vim.fn.getloclist(source) > 0
  end, 20)
  local items = vim.tbl_map(function(item)
    return { text = item.text, lnum = item.lnum, col = item.col }
  end, vim.fn.getloclist(source))
  vim.api.nvim_set_current_win(source)
  return { waited = ok, items = items, title = vim.fn.getloclist(source, { title = 1 }).title }
end

local function lens_titles()
  return vim.tbl_map(function(lens)
    return lens.command and lens.command.title or vim.NIL
  end, vim.lsp.codelens.get(0))
end

-- Waits for the buffer's code lenses (plugin/routesmith.lua refreshes them on attach); their titles.
function handlers.code_lens()
  local ok = vim.wait(timeout, function()
    return #lens_titles() > 0
  end, 20)
  return { waited = ok, titles = lens_titles() }
end

-- The code lenses Neovim holds right now, without waiting.
function handlers.code_lens_now()
  return { titles = lens_titles() }
end

function handlers.edit(action)
  vim.cmd.edit(vim.fn.fnameescape(action.file))
  return { filetype = vim.bo.filetype, clients = #vim.lsp.get_clients({ bufnr = 0 }) }
end

function handlers.complete(action)
  return { items = vim.fn.getcompletion(action.line, 'cmdline') }
end

function handlers.filetypes(action)
  local out = {}
  for _, path in ipairs(action.paths) do
    out[path] = vim.filetype.match({ filename = path }) or vim.NIL
  end
  return { filetypes = out }
end

-- The resolved config (lsp/routesmith.lua merged with the spec's overrides), functions left out.
function handlers.config()
  local config = vim.lsp.config.routesmith
  return {
    cmd = config.cmd,
    filetypes = config.filetypes,
    root_markers = config.root_markers,
    settings = config.settings,
    handlers = vim.tbl_keys(config.handlers or {}),
  }
end

-- The statusline text; with `wait`, once the server has reported a status.
function handlers.statusline(action)
  if action.wait then
    vim.wait(timeout, function()
      return require('routesmith').statusline() ~= ''
    end, 20)
  end
  return { statusline = require('routesmith').statusline() }
end

local function client_info(client)
  return {
    name = client.name,
    offset_encoding = client.offset_encoding,
    root_dir = client.root_dir or vim.NIL,
    server_info = client.server_info or vim.NIL,
    filetype = vim.bo.filetype,
  }
end

local function main()
  for name, value in pairs(spec.globals or {}) do
    vim.g[name] = value
  end
  if spec.config then
    vim.lsp.config('routesmith', spec.config)
  end
  if spec.file then
    if spec.enable ~= false then
      vim.lsp.enable('routesmith')
    end
    vim.cmd.edit(vim.fn.fnameescape(spec.file))
    local function attached()
      local client = routesmith_client()
      -- A buffer counts as attached once LspAttach (and so plugin/routesmith.lua's autocmd) has run.
      return client ~= nil and client.initialized == true and vim.lsp.buf_is_attached(0, client.id)
    end
    -- A server that dies says so (vim.lsp notifies "Client routesmith quit ..."): no point waiting on.
    vim.wait(timeout, function()
      return attached() or wait_message(0, 'quit with exit code', 0) ~= nil
    end, 50)
    result.attached = attached()
    if not result.attached then
      return
    end
    result.client = client_info(routesmith_client())
  end
  for _, action in ipairs(spec.actions or {}) do
    local handler = assert(handlers[action['do']], 'unknown action ' .. tostring(action['do']))
    local out = handler(action)
    out['do'] = action['do']
    table.insert(result.actions, out)
  end
end

local ok, err = xpcall(main, debug.traceback)
result.ok = ok
result.error = not ok and err or nil
local file = assert(io.open(spec.output, 'w'))
file:write(vim.json.encode(result))
file:close()
-- Shut the server down the LSP way (shutdown, exit) rather than leaving it to notice a closed pipe.
vim.lsp.stop_client(vim.lsp.get_clients())
vim.wait(5000, function()
  return #vim.lsp.get_clients() == 0
end, 20)
if not ok then
  io.stderr:write(err .. '\n')
  vim.cmd.cquit(1)
end
