" Prompt files (*.prompt.md, .github/prompts/*.md, ...) are markdown with a filetype of their own, so
" the RouteSmith server's client can tell them apart; they keep markdown's settings and mappings.
runtime! ftplugin/markdown.vim ftplugin/markdown.lua
