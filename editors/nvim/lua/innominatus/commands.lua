-- :InnominatusDryRun, :InnominatusGraph and :InnominatusDebug, and the server's code lens commands.
local report = require("innominatus.report")
local debugger = require("innominatus.dap")

local M = {}

local METHOD_NOT_FOUND = -32601
-- What an older server answers to parameters it does not know (a graph `format`).
local INVALID_PARAMS = -32602

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

local GRAPH_FORMATS = { svg = true, dot = true, mermaid = true, json = true, html = true }

--- Opens a file with the system's handler (a browser for a page, a viewer for SVG); nothing
--- happens without a UI (headless runs only write the file).
local function open_with_system(target)
  if #vim.api.nvim_list_uis() == 0 then
    return
  end
  if vim.ui.open then
    vim.ui.open(target)
  elseif vim.fn.executable("xdg-open") == 1 then
    vim.fn.jobstart({ "xdg-open", target }, { detach = true })
  end
end

--- The interactive graph page: asked of the server (innominatus/graph with format "html",
--- focused on the current buffer's file), else of the command line; written to a temporary
--- .html file and opened in the browser. `done(path)` is called with the file written.
local function graph_page(plugin, done)
  local bufnr = vim.api.nvim_get_current_buf()
  local root = plugin.workspace_root()
  local target = vim.fn.tempname() .. ".html"
  local function written(source)
    vim.notify(("innominatus: graph page written to %s (from the %s)"):format(target, source))
    open_with_system(target)
    if done then
      done(target)
    end
  end
  local function via_cli()
    local cmd = { plugin.binary(), "graph", ".", "--format", "html", "-o", target }
    -- Run from the root, the graph names the buffer's file relative to it.
    local file = vim.api.nvim_buf_get_name(bufnr)
    if file ~= "" and root and vim.startswith(file, root .. "/") then
      vim.list_extend(cmd, { "--focus", file:sub(#root + 2) })
    end
    local code, _, err = run(cmd, root)
    if code > 1 or vim.fn.filereadable(target) == 0 then
      vim.notify("innominatus graph failed: " .. vim.trim(err), vim.log.levels.ERROR)
      return
    end
    written("innominatus graph command")
  end
  -- The page is focused on the buffer's file when the server has it; from another buffer (a
  -- report, a help page) any of the plugin's servers draws the page unfocused.
  local client = client_for(bufnr)
  local focus = client and vim.uri_from_bufnr(bufnr) or vim.NIL
  if not client then
    local get = vim.lsp.get_clients or vim.lsp.get_active_clients
    client = get({ name = "innominatus" })[1]
  end
  if not client then
    via_cli()
    return
  end
  request(client, "innominatus/graph", { format = "html", focus = focus }, function(err, result)
    if err and (err.code == METHOD_NOT_FOUND or err.code == INVALID_PARAMS) then
      via_cli()
    elseif err then
      vim.notify("innominatus graph failed: " .. err.message, vim.log.levels.ERROR)
    elseif type(result) ~= "table" or type(result.html) ~= "string" then
      via_cli()
    else
      vim.fn.writefile(vim.split(result.html, "\n", { plain = true }), target, "b")
      written("language server")
    end
  end, bufnr)
end

--- Draws the workspace graph: the interactive page (html) or SVG into a file opened with the
--- system's handler, the text formats in a scratch buffer. `done(path)`: see graph_page.
function M.graph(plugin, format, done)
  format = (format ~= nil and format ~= "") and format or "svg"
  if not GRAPH_FORMATS[format] then
    vim.notify("innominatus: graph format must be html, svg, dot, mermaid or json", vim.log.levels.ERROR)
    return
  end
  if format == "html" then
    graph_page(plugin, done)
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
  open_with_system(target)
  if done then
    done(target)
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
      return { "html", "svg", "dot", "mermaid", "json" }
    end,
    desc = "innominatus: draw the workspace graph (html: the interactive page in the browser; svg, dot, mermaid or json)",
  })
end

return M
