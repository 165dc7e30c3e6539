-- RouteSmith language server for Neovim 0.11+: picked up by `vim.lsp.enable('routesmith')` from the
-- runtimepath. Change any field with `vim.lsp.config('routesmith', { ... })`, for example
-- `cmd = { 'python3', '-m', 'routesmith', 'lsp' }` when `routesmith` is not on PATH.
---@type vim.lsp.Config
return {
  cmd = { 'routesmith', 'lsp' },
  -- plugin/routesmith.lua gives prompt files the `prompt` filetype (Gemini CLI's TOML commands
  -- `prompttoml`) and maps `.mdc`/`.cursorrules` to markdown; the server itself decides from
  -- `promptGlobs`/`instructionGlobs` what it routes.
  filetypes = { 'markdown', 'prompt', 'prompttoml' },
  root_markers = { '.routesmith.toml', '.git' },
  -- Section `routesmith` of schemas/lsp-settings.json. Only the hint options are spelled out, as the ones
  -- people change; every other key keeps the server's default until set here.
  settings = {
    routesmith = {
      hints = { enabled = true, showCapability = true, showModel = true, maxLength = 60 },
    },
  },
  -- The server reads initializationOptions before its first `workspace/configuration` pull. Sending the
  -- effective settings (user overrides merged in by vim.lsp.config) keeps one source for both, unless
  -- the user set `init_options` on purpose.
  before_init = function(params, config)
    if params.initializationOptions == nil and config.settings then
      params.initializationOptions = config.settings.routesmith
    end
  end,
  handlers = {
    ['routesmith/status'] = function(_, status, ctx)
      require('routesmith').set_status(ctx.client_id, status)
    end,
  },
  -- The code lens at the top of a prompt file runs `routesmith.explainRoute`: show the route in a split
  -- (as :RouteSmith explain does) rather than sending it to the server and dropping the answer.
  commands = {
    ['routesmith.explainRoute'] = function(_, ctx)
      require('routesmith').explain(ctx.bufnr)
    end,
  },
}
