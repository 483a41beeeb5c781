-- The workflow debugger (`innominatus dap`) for nvim-dap: the adapter and launch configurations
-- the plugin returns, their registration, and the server's "⏵ Debug" code lens.
--
--   local dap, spec = require("dap"), require("innominatus").dap()
--   dap.adapters.innominatus = spec.adapter
--   dap.configurations.yaml = spec.configurations
--
-- or `require("innominatus").register_dap()`, which does the same (keeping other yaml
-- configurations).
local M = {}

M.TYPE = "innominatus"

--- The launch configuration of one workflow file: what the "⏵ Debug" lens starts.
function M.launch_of(path, name)
  return {
    type = M.TYPE,
    request = "launch",
    name = "Debug " .. name,
    workflow = path,
    stopOnEntry = false,
  }
end

--- The adapter (the binary the language server runs, with `dap`) and the configurations for
--- dap.configurations.yaml. nvim-dap expands `${file}` and `${workspaceFolder}` itself.
function M.spec(plugin)
  return {
    adapter = { type = "executable", command = plugin.binary(), args = { "dap" } },
    configurations = {
      {
        type = M.TYPE,
        request = "launch",
        name = "innominatus: debug this workflow (stop at the first step)",
        workflow = "${file}",
        stopOnEntry = true,
      },
      {
        type = M.TYPE,
        request = "launch",
        name = "innominatus: debug this workflow (run to a breakpoint)",
        workflow = "${file}",
        stopOnEntry = false,
      },
    },
  }
end

local function nvim_dap()
  local ok, dap = pcall(require, "dap")
  if ok and type(dap) == "table" then
    return dap
  end
end

--- Registers the adapter and adds the configurations to dap.configurations.yaml (once: those
--- already there of the same name are replaced). Returns false and why when nvim-dap is missing.
function M.register(plugin)
  local dap = nvim_dap()
  if not dap then
    return false, "nvim-dap is not installed"
  end
  local spec = M.spec(plugin)
  dap.adapters[M.TYPE] = spec.adapter
  dap.configurations = dap.configurations or {}
  local ours = {}
  for _, config in ipairs(spec.configurations) do
    ours[config.name] = true
  end
  local kept = {}
  for _, config in ipairs(dap.configurations.yaml or {}) do
    if not ours[config.name] then
      table.insert(kept, config)
    end
  end
  dap.configurations.yaml = vim.list_extend(kept, spec.configurations)
  return true
end

--- Starts debugging the workflow of a buffer with nvim-dap (the "⏵ Debug" lens), or says that
--- nvim-dap is needed. Returns the configuration it started, if any.
function M.debug(plugin, bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == "" then
    vim.notify("innominatus: the buffer has no file to debug", vim.log.levels.WARN)
    return
  end
  local dap = nvim_dap()
  if not dap then
    vim.notify(
      "innominatus: debugging needs nvim-dap (https://github.com/mfussenegger/nvim-dap); "
        .. "with it installed, the ⏵ Debug lens starts `" .. plugin.binary() .. " dap` on this file",
      vim.log.levels.WARN
    )
    return
  end
  if not (dap.adapters and dap.adapters[M.TYPE]) then
    M.register(plugin)
  end
  -- The adapter reads the file and maps breakpoints to its lines: it must hold what the buffer shows.
  if vim.bo[bufnr].modified then
    vim.api.nvim_buf_call(bufnr, function()
      vim.cmd("silent write")
    end)
  end
  local config = M.launch_of(path, vim.fn.fnamemodify(path, ":."))
  dap.run(config)
  return config
end

return M
