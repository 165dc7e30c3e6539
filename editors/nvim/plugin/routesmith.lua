-- RouteSmith for Neovim 0.11+: filetypes for agent prompt files, the :RouteSmith command and inlay hints
-- on attach. Starting the server is left to the user: `vim.lsp.enable('routesmith')` (lsp/routesmith.lua).
if vim.g.loaded_routesmith then
  return
end
vim.g.loaded_routesmith = true

if vim.fn.has('nvim-0.11') == 0 then
  vim.notify('RouteSmith needs Neovim 0.11 or newer (vim.lsp.config)', vim.log.levels.WARN)
  return
end

-- Prompt files the server routes as one prompt each (its default `promptGlobs`) get the `prompt`
-- filetype; `**/prompts/**/*.md` is too broad to claim and stays markdown, as do instruction files
-- (AGENTS.md, CLAUDE.md, GEMINI.md, ...). Cursor's `.mdc` rules and `.cursorrules` are markdown too.
-- Gemini CLI's TOML commands get `prompttoml` (highlighted as TOML), not every TOML file.
-- Patterns with the default priority 0 win over the `md` and `toml` extension rules.
vim.filetype.add({
  extension = { prompt = 'prompt', mdc = 'markdown' },
  filename = { ['.cursorrules'] = 'markdown' },
  pattern = {
    ['.*%.prompt%.md'] = 'prompt',
    ['.*/%.github/prompts/.*%.md'] = 'prompt',
    ['.*/%.github/agents/.*%.agent%.md'] = 'prompt',
    ['.*/%.claude/commands/.*%.md'] = 'prompt',
    ['.*/%.claude/agents/.*%.md'] = 'prompt',
    ['.*/%.claude/skills/.*/SKILL%.md'] = 'prompt',
    ['.*/%.github/chatmodes/.*%.chatmode%.md'] = 'prompt',
    ['.*/%.gemini/agents/.*%.md'] = 'prompt',
    ['.*/%.cursor/agents/.*%.md'] = 'prompt',
    ['.*/%.gemini/commands/.*%.toml'] = 'prompttoml',
  },
})
vim.treesitter.language.register('markdown', 'prompt')
vim.treesitter.language.register('toml', 'prompttoml')

vim.api.nvim_create_user_command('RouteSmith', function(opts)
  require('routesmith').command(opts.fargs)
end, {
  nargs = '+',
  desc = 'RouteSmith: record success|failure, explain, stats [host], host <name>|auto, status',
  complete = function(arg_lead, cmd_line, cursor_pos)
    return require('routesmith').complete(arg_lead, cmd_line:sub(1, cursor_pos))
  end,
})

local lenses = vim.api.nvim_create_augroup('routesmith_code_lens', { clear = true })

vim.api.nvim_create_autocmd('LspAttach', {
  group = vim.api.nvim_create_augroup('routesmith', { clear = true }),
  desc = 'RouteSmith: show the route of each step as inlay hints, and its summary as a code lens',
  callback = function(args)
    local client = vim.lsp.get_client_by_id(args.data.client_id)
    if not client or client.name ~= 'routesmith' then
      return
    end
    if vim.g.routesmith_inlay_hints ~= false then
      vim.lsp.inlay_hint.enable(true, { bufnr = args.buf })
    end
    if vim.g.routesmith_code_lens ~= false and client:supports_method('textDocument/codeLens') then
      -- Neovim asks for code lenses only when told to: on attach, and after edits and saves.
      vim.lsp.codelens.refresh({ bufnr = args.buf })
      vim.api.nvim_clear_autocmds({ group = lenses, buffer = args.buf })
      vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'BufWritePost' }, {
        group = lenses,
        buffer = args.buf,
        callback = function()
          vim.lsp.codelens.refresh({ bufnr = args.buf })
        end,
      })
    end
  end,
})
