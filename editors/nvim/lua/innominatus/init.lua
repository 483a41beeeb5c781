-- innominatus for Neovim: starts `innominatus lsp` for the platform's YAML files, adds the
-- :InnominatusDryRun, :InnominatusGraph and :InnominatusDebug commands, and gives nvim-dap the
-- workflow debugger (M.dap(), M.register_dap()).
--
--   require("innominatus").setup({ cmd = { "/path/to/innominatus", "lsp" } })
--
-- On Neovim 0.11+ the server is declared with vim.lsp.config and vim.lsp.enable; on 0.9 and
-- 0.10 a FileType autocommand calls vim.lsp.start. Either way only owned files attach.
local files = require("innominatus.files")
local commands = require("innominatus.commands")
local debugger = require("innominatus.dap")

local M = {}

M.defaults = {
  -- The server command; its first element is also the binary the commands run.
  cmd = { "innominatus", "lsp" },
  filetypes = { "yaml" },
  -- The workspace root is the nearest folder holding one of these (else the file's folder).
  root_markers = { ".innominatus.toml", ".git" },
  -- More Lua patterns over the file path of buffers to check (besides the conventions).
  extra_patterns = {},
  -- Also check YAML files whose content is an innominatus document.
  detect_by_content = true,
  -- The server's settings, sent as initializationOptions (the `innominatus` table) and answered
  -- to workspace/configuration: dialect ("score" | "innominatus"), select, extendSelect,
  -- ignore (rule codes, names or prefixes) and severity ({ INN006 = "error" }). Empty means
  -- what .innominatus.toml says.
  settings = {
    innominatus = vim.empty_dict(),
  },
  on_attach = nil,
  capabilities = nil,
  -- false: only define the commands (for people who start the server themselves, for
  -- example through nvim-lspconfig with M.lspconfig()).
  autostart = true,
}

---@type table|nil
M.config = nil

-- The nearest folder with a root marker; else, as the CLI does, the working directory when the
-- file is inside it; else the file's folder.
local function root_dir(bufnr)
  local path = vim.fs.normalize(vim.api.nvim_buf_get_name(bufnr))
  local found = vim.fs.find(M.config.root_markers, { path = vim.fs.dirname(path), upward = true })[1]
  if found then
    return vim.fs.dirname(found)
  end
  local cwd = vim.fs.normalize(vim.fn.getcwd())
  if path:sub(1, #cwd + 1) == cwd .. "/" then
    return cwd
  end
  return vim.fs.dirname(path)
end

-- The parts of the client configuration that are the same on every Neovim version.
local function client_config()
  return {
    name = "innominatus",
    cmd = M.config.cmd,
    init_options = M.config.settings.innominatus,
    settings = M.config.settings,
    on_attach = M.config.on_attach,
    capabilities = M.config.capabilities,
  }
end

local function use_lsp_config()
  return vim.fn.has("nvim-0.11") == 1 and vim.lsp.config ~= nil and vim.lsp.enable ~= nil
end

local function start_with_lsp_config()
  local config = client_config()
  config.filetypes = M.config.filetypes
  -- root_dir as a function decides per buffer: not calling on_dir leaves the buffer alone.
  config.root_dir = function(bufnr, on_dir)
    if files.owned(bufnr, M.config) then
      on_dir(root_dir(bufnr))
    end
  end
  vim.lsp.config("innominatus", config)
  vim.lsp.enable("innominatus")
end

local function start_with_autocmd()
  local group = vim.api.nvim_create_augroup("innominatus", { clear = true })
  local function attach(bufnr)
    if files.owned(bufnr, M.config) then
      local config = client_config()
      config.root_dir = root_dir(bufnr)
      vim.lsp.start(config, { bufnr = bufnr })
    end
  end
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      attach(args.buf)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.config.filetypes, vim.bo[bufnr].filetype) then
      attach(bufnr)
    end
  end
end

--- Configures and starts the integration. Options are merged over M.defaults.
---@param opts table|nil
function M.setup(opts)
  if vim.fn.has("nvim-0.9") ~= 1 then
    vim.notify("innominatus: Neovim 0.9 or newer is needed (vim.lsp.start)", vim.log.levels.ERROR)
    return
  end
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  -- Lists replace the defaults instead of being merged index by index.
  for _, key in ipairs({ "cmd", "filetypes", "root_markers", "extra_patterns" }) do
    if opts and opts[key] ~= nil then
      M.config[key] = opts[key]
    end
  end
  if M.config.autostart then
    if use_lsp_config() then
      start_with_lsp_config()
    else
      start_with_autocmd()
    end
  end
  commands.register(M)
end

--- A `default_config` for nvim-lspconfig whose root_dir declines buffers that are not the
--- platform's files (lspconfig then does not attach).
function M.lspconfig()
  M.config = M.config or vim.deepcopy(M.defaults)
  local config = client_config()
  config.name = nil
  config.filetypes = M.config.filetypes
  config.root_dir = function(_, bufnr)
    bufnr = bufnr or vim.api.nvim_get_current_buf()
    if files.owned(bufnr, M.config) then
      return root_dir(bufnr)
    end
  end
  return config
end

--- The binary the commands run (the server command's first element).
function M.binary()
  return (M.config and M.config.cmd[1]) or M.defaults.cmd[1]
end

M.root_dir = root_dir

--- The workflow debugger for nvim-dap: `{ adapter = { type = "executable", command = <binary>,
--- args = { "dap" } }, configurations = { ... } }` (see lua/innominatus/dap.lua).
function M.dap()
  return debugger.spec(M)
end

--- Registers the debugger with nvim-dap (dap.adapters.innominatus, dap.configurations.yaml).
--- Returns false and why when nvim-dap is not installed.
function M.register_dap()
  return debugger.register(M)
end

--- The workspace the commands work on: the running server's root, else the current file's,
--- else the working directory.
function M.workspace_root()
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  local client = get({ name = "innominatus" })[1]
  local root = client and (client.root_dir or (client.config and client.config.root_dir))
  if type(root) == "string" and root ~= "" then
    return root
  end
  if vim.api.nvim_buf_get_name(0) ~= "" and vim.bo.buftype == "" then
    return root_dir(0)
  end
  return vim.fn.getcwd()
end

return M
