" Gemini CLI commands are highlighted as TOML (see ftplugin/prompttoml.vim).
if exists('b:current_syntax')
  finish
endif
runtime! syntax/toml.vim
let b:current_syntax = 'prompttoml'
