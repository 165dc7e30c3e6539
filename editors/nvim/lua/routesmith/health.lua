--- :checkhealth routesmith: Neovim version, the server command, and the running clients.
local M = {}

--- The server command with `--version` in place of its trailing `lsp` (both documented forms end so).
local function version_command(cmd)
  if cmd[#cmd] ~= 'lsp' then
    return nil
  end
  local command = vim.list_slice(cmd, 1, #cmd - 1)
  table.insert(command, '--version')
  return command
end

local function check_command(cmd)
  if type(cmd) ~= 'table' then
    vim.health.info('cmd is a function (an RPC client); not checked')
    return
  end
  if vim.fn.executable(cmd[1]) ~= 1 then
    vim.health.error(('server command not found: %s'):format(cmd[1]), {
      'install the server: pip install -e /path/to/routesmith (puts `routesmith` in that environment)',
      "or point at it: vim.lsp.config('routesmith', { cmd = { '/path/to/python', '-m', 'routesmith', 'lsp' } })",
    })
    return
  end
  local command = version_command(cmd)
  if not command then
    vim.health.ok('server command: ' .. table.concat(cmd, ' '))
    return
  end
  local done = vim.system(command, { text = true }):wait(10000)
  if done.code == 0 then
    vim.health.ok(('server command: %s (%s)'):format(table.concat(cmd, ' '), vim.trim(done.stdout)))
  else
    vim.health.error(
      ('`%s` failed (exit %s): %s'):format(table.concat(command, ' '), tostring(done.code), vim.trim(done.stderr or ''))
    )
  end
end

function M.check()
  vim.health.start('RouteSmith')
  if vim.fn.has('nvim-0.11') == 1 then
    vim.health.ok('Neovim ' .. tostring(vim.version()))
  else
    vim.health.error('Neovim 0.11 or newer is needed (vim.lsp.config, vim.lsp.enable)')
  end
  local config = vim.lsp.config.routesmith
  if not config then
    vim.health.error('lsp/routesmith.lua is not on the runtimepath', { 'add editors/nvim to the runtimepath' })
    return
  end
  check_command(config.cmd)
  local clients = vim.lsp.get_clients({ name = 'routesmith' })
  if #clients == 0 then
    vim.health.info("no routesmith client running: vim.lsp.enable('routesmith'), then open a markdown or prompt file")
  end
  for _, client in ipairs(clients) do
    vim.health.ok(
      ('client %d: root %s, %s positions, %d buffer(s)'):format(
        client.id,
        client.root_dir or '(single file)',
        client.offset_encoding,
        vim.tbl_count(client.attached_buffers)
      )
    )
  end
end

return M
