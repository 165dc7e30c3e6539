" Gemini CLI commands (.gemini/commands/**/*.toml) are TOML with a filetype of their own, so the RouteSmith
" server's client attaches to them and not to every TOML file; they keep TOML's settings and mappings.
runtime! ftplugin/toml.vim ftplugin/toml.lua
