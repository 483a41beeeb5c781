-- :InnominatusDryRun, :InnominatusGraph and :InnominatusDebug, and the server's code lens commands.
local report = require("innominatus.report")
local debugger = require("innominatus.dap")

local M = {}

local METHOD_NOT_FOUND = -32601

local function client_for(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ bufnr = bufnr, name = "innominatus" })[1]
end

-- Client methods are called with `:` from 0.11 on; `.` is the older form.
local function request(client, method, params, handler, bufnr)
  if vim.fn.has("nvim-0.11") == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

--- Runs a command and returns exit code, stdout, stderr (vim.system on 0.10+).
local function run(cmd, cwd)
  if vim.system then
    local result = vim.system(cmd, { text = true, cwd = cwd }):wait()
    return result.code, result.stdout or "", result.stderr or ""
  end
  local previous = vim.fn.getcwd()
  if cwd then
    vim.cmd.lcd(cwd)
  end
  local out = vim.fn.system(cmd)
  local code = vim.v.shell_error
  if cwd then
    vim.cmd.lcd(previous)
  end
  return code, out, ""
end

--- Shows text in a scratch buffer in a split; reuses the buffer of the same name.
function M.show(name, text, filetype)
  local bufnr = vim.fn.bufnr(name)
  if bufnr == -1 then
    bufnr = vim.api.nvim_create_buf(true, true)
    vim.api.nvim_buf_set_name(bufnr, name)
  end
  vim.bo[bufnr].modifiable = true
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, vim.split(text, "\n", { plain = true }))
  vim.bo[bufnr].modifiable = false
  vim.bo[bufnr].filetype = filetype or ""
  local window = vim.fn.bufwinid(bufnr)
  if window == -1 then
    vim.cmd("botright split")
    vim.api.nvim_win_set_buf(0, bufnr)
  end
  return bufnr
end

local function dry_run_via_cli(plugin, path)
  local code, out, err = run({ plugin.binary(), "workflow", "test", path, "--dry-run", "--format", "json" }, plugin.workspace_root())
  -- Exit 1 means "the workflow would fail" with the JSON on stdout; 2 is bad input.
  if code > 1 or vim.trim(out) == "" then
    return nil, vim.trim(err ~= "" and err or out)
  end
  local ok, decoded = pcall(vim.json.decode, out)
  if not ok then
    return nil, "unreadable output of innominatus workflow test: " .. tostring(decoded)
  end
  return decoded
end

--- Dry-runs the workflow in the current buffer: the server's innominatus/dryRun request, or the
--- command line when the server does not know it (or is not attached).
function M.dry_run(plugin, bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == "" then
    vim.notify("innominatus: the buffer has no file to dry-run", vim.log.levels.WARN)
    return
  end
  local function finish(source, result, err)
    if err then
      vim.notify("innominatus dry run failed: " .. err, vim.log.levels.ERROR)
      return
    end
    M.show("innominatus://dry-run", report.dry_run(result) .. "\n\n(from the " .. source .. ")")
  end
  local function via_cli()
    -- The command line reads the file: it must hold what the buffer shows.
    if vim.bo[bufnr].modified then
      vim.api.nvim_buf_call(bufnr, function()
        vim.cmd("silent write")
      end)
    end
    finish("innominatus workflow test", dry_run_via_cli(plugin, path))
  end
  local client = client_for(bufnr)
  if not client then
    via_cli()
    return
  end
  -- The server dry-runs the buffer's text, saved or not.
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }
  request(client, "innominatus/dryRun", params, function(err, result)
    if err and err.code == METHOD_NOT_FOUND then
      via_cli()
    elseif err then
      finish("language server", nil, err.message)
    else
      finish("language server", result)
    end
  end, bufnr)
end

local GRAPH_FORMATS = { svg = true, dot = true, mermaid = true, json = true }

--- Draws the workspace graph: SVG into a file opened with the system viewer, the text formats
--- in a scratch buffer.
function M.graph(plugin, format)
  format = (format ~= nil and format ~= "") and format or "svg"
  if not GRAPH_FORMATS[format] then
    vim.notify("innominatus: graph format must be svg, dot, mermaid or json", vim.log.levels.ERROR)
    return
  end
  local root = plugin.workspace_root()
  if format ~= "svg" then
    local code, out, err = run({ plugin.binary(), "graph", root, "--format", format }, root)
    if code > 1 then
      vim.notify("innominatus graph failed: " .. vim.trim(err), vim.log.levels.ERROR)
      return
    end
    M.show("innominatus://graph." .. format, out, format == "json" and "json" or (format == "dot" and "dot" or "mermaid"))
    return
  end
  local target = vim.fn.tempname() .. ".svg"
  local code, _, err = run({ plugin.binary(), "graph", root, "--format", "svg", "-o", target }, root)
  if code > 1 or vim.fn.filereadable(target) == 0 then
    vim.notify("innominatus graph failed: " .. vim.trim(err), vim.log.levels.ERROR)
    return
  end
  vim.notify("innominatus: graph written to " .. target)
  if vim.ui.open and #vim.api.nvim_list_uis() > 0 then
    vim.ui.open(target)
  end
  return target
end

function M.register(plugin)
  -- The server's code lenses ("Dry-run", "Debug", "Show graph") name these client commands,
  -- with the document URI as argument (run them with vim.lsp.codelens.run()).
  vim.lsp.commands["innominatus.dryRun"] = function(command)
    local uri = command.arguments and command.arguments[1]
    M.dry_run(plugin, uri and vim.uri_to_bufnr(uri) or nil)
  end
  vim.lsp.commands["innominatus.debug"] = function(command)
    local uri = command.arguments and command.arguments[1]
    debugger.debug(plugin, uri and vim.uri_to_bufnr(uri) or nil)
  end
  vim.lsp.commands["innominatus.showGraph"] = function()
    M.graph(plugin, "svg")
  end
  vim.api.nvim_create_user_command("InnominatusDryRun", function()
    M.dry_run(plugin)
  end, { desc = "innominatus: dry-run the workflow in this buffer" })
  vim.api.nvim_create_user_command("InnominatusDebug", function()
    debugger.debug(plugin)
  end, { desc = "innominatus: debug the workflow in this buffer (nvim-dap)" })
  vim.api.nvim_create_user_command("InnominatusGraph", function(args)
    M.graph(plugin, args.args)
  end, {
    nargs = "?",
    complete = function()
      return { "svg", "dot", "mermaid", "json" }
    end,
    desc = "innominatus: draw the workspace graph (svg, dot, mermaid or json)",
  })
end

return M
