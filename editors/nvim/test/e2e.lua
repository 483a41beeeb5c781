-- Runs inside `nvim --headless -l`; arguments: server binary, workspace, CLI's JSON findings
-- (`lint --format json` on the broken workflow and Score spec), mode, the engine's verdicts on
-- probe files (editors/test-fixtures/file-verdicts.json), the repository (for its schemas). Mode
-- "autocmd" hides vim.lsp.enable so that the plugin takes its Neovim 0.9/0.10 path (a
-- FileType autocommand calling vim.lsp.start); "lsp-config" is the 0.11+ path.
-- Prints one line per check and a closing "N passed, N failed"; exits non-zero on a failure.
local bin, workspace, expected_path, mode, verdicts_path, repo = arg[1], arg[2], arg[3], arg[4] or "lsp-config", arg[5], arg[6]
local FILE = workspace .. "/providers/container-team/workflows/delete-namespace.yaml"
local RELATIVE = "providers/container-team/workflows/delete-namespace.yaml"
local SCORE_RELATIVE = "apps/orders-api/score.yaml"

local passed, failed = 0, 0
local function check(name, ok, detail)
  if ok then
    passed = passed + 1
  else
    failed = failed + 1
  end
  io.stdout:write(("%s [%s] %s%s\n"):format(ok and "ok  " or "FAIL", mode, name, detail and (": " .. detail) or ""))
end

local function read(path)
  local handle = assert(io.open(path, "r"))
  local text = handle:read("*a")
  handle:close()
  return text
end

local cli_findings = vim.json.decode(read(expected_path)).diagnostics
-- The CLI's findings of one file as sorted `CODE@line:column`.
local function expected_of(relative)
  local out = {}
  for _, d in ipairs(cli_findings) do
    if d.file == relative then
      table.insert(out, ("%s@%d:%d"):format(d.code, d.range.start.line, d.range.start.column))
    end
  end
  table.sort(out)
  return out
end
local function cli_finding(relative, code)
  for _, d in ipairs(cli_findings) do
    if d.file == relative and d.code == code then
      return d
    end
  end
end
local expected = expected_of(RELATIVE)

-- Backticks and runs of white space do not count (markdown renders them away).
local function squash(text)
  return (text:gsub("`", ""):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

-- What the buffer's diagnostics say, in the CLI's 1-based line:column.
local function actual(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(found, ("%s@%d:%d"):format(tostring(d.code), d.lnum + 1, d.col + 1))
  end
  table.sort(found)
  return found
end

local function client_of(bufnr)
  return vim.lsp.get_clients({ bufnr = bufnr, name = "innominatus" })[1]
end

-- Waits `ms` with the event loop running (the server's messages are handled meanwhile).
local function pause(ms)
  vim.wait(ms, function()
    return false
  end, 50)
end

-- Runs the adapter exactly as dap().adapter says (as nvim-dap would) and drives one session of
-- the first configuration, `${file}` expanded to `workflow`: initialize, launch, stopped on
-- entry, continue, terminated. Returns what happened, in order, for the check's message.
local function drive_adapter(adapter, config, workflow)
  local buffer, inbox = "", {}
  local process = vim.system(vim.list_extend({ adapter.command }, adapter.args), {
    stdin = true,
    cwd = workspace,
    stdout = function(_, data)
      buffer = buffer .. (data or "")
      while true do
        local header_end = buffer:find("\r\n\r\n", 1, true)
        local length = header_end and tonumber(buffer:sub(1, header_end):match("Content%-Length: *(%d+)"))
        if not length or #buffer < header_end + 3 + length then
          return
        end
        table.insert(inbox, vim.json.decode(buffer:sub(header_end + 4, header_end + 3 + length)))
        buffer = buffer:sub(header_end + 4 + length)
      end
    end,
  })
  local seq = 0
  local function send(command, arguments)
    seq = seq + 1
    local body = vim.json.encode({ seq = seq, type = "request", command = command, arguments = arguments })
    process:write(("Content-Length: %d\r\n\r\n%s"):format(#body, body))
    return seq
  end
  local seen = {}
  -- Waits for the message `want` accepts; every message read on the way is noted in `seen`.
  local function expect(want)
    local found
    vim.wait(10000, function()
      while #inbox > 0 do
        local message = table.remove(inbox, 1)
        local note = message.type == "event" and message.event or (message.command .. (message.success and "" or " failed: " .. tostring(message.message)))
        table.insert(seen, note .. ((message.body and message.body.reason) and (" " .. message.body.reason) or ""))
        if want(message) then
          found = message
          return true
        end
      end
      return false
    end, 20)
    return found
  end
  local function response_to(id)
    return function(m)
      return m.type == "response" and m.request_seq == id
    end
  end
  local function event(name)
    return function(m)
      return m.type == "event" and m.event == name
    end
  end

  local launch = vim.deepcopy(config)
  launch.workflow = workflow
  local ok = true
  local initialized = expect(response_to(send("initialize", { adapterID = "innominatus", clientID = "neovim", linesStartAt1 = true, columnsStartAt1 = true, pathFormat = "path" })))
  ok = ok and initialized ~= nil and initialized.success
  local launched = expect(response_to(send("launch", launch)))
  ok = ok and launched ~= nil and launched.success and expect(event("initialized")) ~= nil
  ok = ok and expect(response_to(send("configurationDone", vim.empty_dict()))) ~= nil
  local stopped = expect(event("stopped"))
  ok = ok and stopped ~= nil and stopped.body.reason == "entry"
  ok = ok and expect(response_to(send("continue", { threadId = stopped and stopped.body.threadId or 1 }))) ~= nil
  ok = ok and expect(event("terminated")) ~= nil
  process:write(nil)
  pcall(function()
    process:wait(5000)
  end)
  return ok, table.concat(seen, ", ")
end

-- 7. The workflow debugger: the shape of require("innominatus").dap(), the server's "⏵ Debug"
-- lens and its command without nvim-dap (a message) and with a recording stand-in for nvim-dap
-- (the adapter registered, dap.run called with the lens's file).
local function debug_checks(bufnr, client)
  local plugin = require("innominatus")
  local spec = plugin.dap()
  local adapter = spec.adapter or {}
  check(
    'dap().adapter is { type = "executable", command = <server binary>, args = { "dap" } }',
    adapter.type == "executable" and adapter.command == bin and vim.deep_equal(adapter.args, { "dap" }),
    vim.inspect(adapter, { newline = " ", indent = "" })
  )
  local launches = 0
  for _, config in ipairs(spec.configurations or {}) do
    if config.type == "innominatus" and config.request == "launch" and config.workflow == "${file}" and type(config.name) == "string" then
      launches = launches + 1
    end
  end
  check(
    "dap().configurations launch ${file} with type innominatus",
    launches >= 1 and launches == #(spec.configurations or {}),
    ("%d of %d"):format(launches, #(spec.configurations or {}))
  )
  -- The adapter command is a real DAP server: the first configuration, ${file} being a workflow
  -- the broken workspace leaves intact, stops on entry and runs to the end.
  local first = (spec.configurations or {})[1]
  if adapter.command and first then
    local drove, seen = drive_adapter(adapter, first, workspace .. "/workflows/deploy-app.yaml")
    check("dap().adapter runs a session of dap().configurations[1]: stopped on entry, continued, terminated", drove and first.stopOnEntry == true, seen)
  end

  local response = client:request_sync("textDocument/codeLens", { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }, 5000, bufnr)
  local lens
  for _, item in ipairs((response and response.result) or {}) do
    if item.command and item.command.command == "innominatus.debug" then
      lens = item.command
    end
  end
  check(
    "the server offers a ⏵ Debug lens on the workflow, handled by the plugin",
    lens ~= nil and lens.title == "⏵ Debug" and lens.arguments[1] == vim.uri_from_bufnr(bufnr) and vim.lsp.commands["innominatus.debug"] ~= nil,
    lens and lens.title or "no innominatus.debug lens"
  )
  if not lens then
    return
  end

  -- Without nvim-dap the lens says what it needs.
  local notified = {}
  local notify = vim.notify
  vim.notify = function(message, level)
    table.insert(notified, { message = message, level = level })
  end
  package.loaded.dap = nil
  vim.lsp.commands["innominatus.debug"](lens, { bufnr = bufnr, client_id = client.id })
  vim.notify = notify
  local said = notified[1] and notified[1].message or ""
  check("without nvim-dap the Debug lens says nvim-dap is needed", said:find("nvim-dap", 1, true) ~= nil, said)

  -- With nvim-dap (a stand-in recording what the plugin hands it).
  local ran = {}
  package.loaded.dap = {
    adapters = {},
    configurations = { yaml = { { type = "other", request = "launch", name = "kept" } } },
    run = function(config)
      table.insert(ran, config)
    end,
  }
  vim.lsp.commands["innominatus.debug"](lens, { bufnr = bufnr, client_id = client.id })
  local dap = package.loaded.dap
  check("the lens registers the adapter with nvim-dap", vim.deep_equal(dap.adapters.innominatus, spec.adapter), vim.inspect(dap.adapters.innominatus, { newline = " ", indent = "" }))
  local names = vim.tbl_map(function(config)
    return config.name
  end, dap.configurations.yaml)
  check(
    "dap.configurations.yaml keeps other configurations and adds ours",
    names[1] == "kept" and #names == 1 + #spec.configurations,
    table.concat(names, " | ")
  )
  local started = ran[1] or {}
  check(
    "the lens runs a launch of the workflow's file",
    #ran == 1 and started.type == "innominatus" and started.request == "launch" and started.workflow == FILE,
    vim.inspect(started, { newline = " ", indent = "" })
  )
  package.loaded.dap = nil
end

local function run()
  -- 0. The plugin's patterns decide the probe files as the engine does.
  local files = require("innominatus.files")
  local probes = vim.json.decode(read(verdicts_path)).probes
  local wrong = {}
  for _, probe in ipairs(probes) do
    if files.decide(probe.path, vim.split(probe.text, "\n", { plain = true }), {}) ~= probe.send then
      table.insert(wrong, probe.path .. " (" .. probe.verdict .. ")")
    end
  end
  check(
    ("the Lua patterns decide %d probe files as the engine does"):format(#probes),
    #probes >= 40 and #wrong == 0,
    table.concat(wrong, "; ")
  )

  vim.cmd("filetype on")
  if mode == "autocmd" then
    vim.lsp.enable = nil
  end
  require("innominatus").setup({ cmd = { bin, "lsp" } })
  local ok_group, found = pcall(vim.api.nvim_get_autocmds, { group = "innominatus" })
  local autocmds = ok_group and #found or 0
  check("started through " .. mode, (mode == "autocmd") == (autocmds > 0), ("%d FileType autocommands"):format(autocmds))

  vim.cmd.edit(vim.fn.fnameescape(FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  check("filetype is yaml", vim.bo[bufnr].filetype == "yaml", vim.bo[bufnr].filetype)
  local attached = vim.wait(10000, function()
    return client_of(bufnr) ~= nil
  end, 50)
  check("server attached to the workflow", attached)
  if not attached then
    return
  end
  local client = client_of(bufnr)

  -- 1. Diagnostics: the same codes at the same places as `innominatus lint`.
  local same = vim.wait(20000, function()
    return vim.deep_equal(actual(bufnr), expected)
  end, 50)
  check(
    "diagnostics equal the CLI's (code@line:column)",
    -- INN501 absorbs INN605 on the same span, so the broken workflow has two findings.
    same and #expected >= 2,
    table.concat(actual(bufnr), ", ") .. (same and "" or ("; want " .. table.concat(expected, ", ")))
  )
  local codes = table.concat(actual(bufnr), " ")
  check("INN101 at 44:5 and INN501 at 20:11", codes:find("INN101@44:5", 1, true) ~= nil and codes:find("INN501@20:11", 1, true) ~= nil)

  -- 2. A YAML file that is not the platform's stays without the server.
  vim.cmd.split(vim.fn.fnameescape(workspace .. "/ci/pipeline.yaml"))
  local other = vim.api.nvim_get_current_buf()
  pause(500)
  check("unrelated YAML gets no innominatus client", vim.bo[other].filetype == "yaml" and client_of(other) == nil)
  vim.cmd.close()

  -- The repository's GitHub Actions workflow and Helm values: no client attaches …
  for _, rel in ipairs({ ".github/workflows/ci.yml", "docker-compose.yml", "charts/web/values.yaml" }) do
    vim.cmd.split(vim.fn.fnameescape(workspace .. "/" .. rel))
    local buf = vim.api.nvim_get_current_buf()
    pause(1000)
    check(rel .. " gets no innominatus client", vim.bo[buf].filetype == "yaml" and client_of(buf) == nil, vim.bo[buf].filetype)
    -- … and when one is attached all the same, the server answers nothing: no diagnostics
    -- (both files have a duplicate key), outline, folds or tokens.
    vim.lsp.buf_attach_client(buf, client.id)
    local params = { textDocument = { uri = vim.uri_from_bufnr(buf) } }
    local answers = {}
    for _, method in ipairs({ "textDocument/documentSymbol", "textDocument/foldingRange", "textDocument/semanticTokens/full" }) do
      local response = client:request_sync(method, params, 5000, buf)
      local result = response and response.result
      local data = type(result) == "table" and (result.data or result) or {}
      if response == nil or response.err or (result ~= nil and result ~= vim.NIL and #data > 0) then
        table.insert(answers, method)
      end
    end
    pause(1500)
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(answers, ("%s@%d:%d"):format(tostring(d.code), d.lnum + 1, d.col + 1))
    end
    check(rel .. ": the server answers nothing for it", #answers == 0, table.concat(answers, ", "))
    vim.lsp.buf_detach_client(buf, client.id)
    vim.cmd.close()
  end
  -- The platform's file kept its findings meanwhile.
  check("the workflow's diagnostics are unchanged", vim.deep_equal(actual(bufnr), expected), table.concat(actual(bufnr), ", "))
  vim.cmd.split(vim.fn.fnameescape(workspace .. "/ci/pipeline.yaml"))
  other = vim.api.nvim_get_current_buf()
  -- A Score spec named app.yaml is attached by its content.
  vim.cmd.split(vim.fn.fnameescape(workspace .. "/deploy/app.yaml"))
  local by_content = vim.api.nvim_get_current_buf()
  check(
    "a Score spec named app.yaml is attached by its content",
    vim.wait(5000, function()
      return client_of(by_content) ~= nil
    end, 50)
  )
  vim.cmd.close()

  -- The nvim-lspconfig configuration declines it too, and takes the workflow.
  local lspconfig = require("innominatus").lspconfig()
  check(
    "lspconfig root_dir: workspace for the workflow, nil for unrelated YAML",
    lspconfig.root_dir(FILE, bufnr) == workspace and lspconfig.root_dir("", other) == nil,
    tostring(lspconfig.root_dir(FILE, bufnr))
  )
  vim.cmd.close()
  vim.api.nvim_set_current_buf(bufnr)

  -- Hover on the `type` key of the first step: the schema's description of a step's type,
  -- in the floating window vim.lsp.buf.hover() opens.
  local schema = vim.json.decode(read(repo .. "/schemas/provider-workflow.schema.json"))
  local type_doc = squash(schema["$defs"].step.properties.type.description)
  local type_line = cli_finding(RELATIVE, "INN501").range.start.line
  vim.api.nvim_win_set_cursor(0, { type_line, 5 })
  vim.lsp.buf.hover()
  local hover = ""
  vim.wait(10000, function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= "" then
        hover = squash(table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false), " "))
        return true
      end
    end
    return false
  end, 50)
  check("hover on a step's `type` shows the schema's description", #type_doc > 40 and hover:find(type_doc, 1, true) ~= nil, hover:sub(1, 100))
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      vim.api.nvim_win_close(win, true)
    end
  end

  -- A misspelt key typed into the first step gets its finding at its place; undo clears it.
  vim.api.nvim_buf_set_lines(bufnr, type_line, type_line, false, { "    timout: 30s" })
  local typed_at = ("INN101@%d:5"):format(type_line + 1)
  local appeared = vim.wait(10000, function()
    return vim.tbl_contains(actual(bufnr), typed_at)
  end, 50)
  check("typed `timout:` gets " .. typed_at, appeared and vim.api.nvim_buf_get_lines(bufnr, type_line, type_line + 1, false)[1] == "    timout: 30s", table.concat(actual(bufnr), ", "))
  vim.cmd("silent undo")
  local back = vim.wait(10000, function()
    return vim.deep_equal(actual(bufnr), expected)
  end, 50)
  check("after undo the finding goes and the CLI's findings are back", back, table.concat(actual(bufnr), ", "))

  -- 3. Code action: the engine's fix of INN501 turns `polcy` into `policy`.
  local target
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == "INN501" then
      target = d
    end
  end
  local lsp_diagnostic = target and target.user_data and target.user_data.lsp
  local applied = false
  if lsp_diagnostic then
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = lsp_diagnostic.range,
      context = { diagnostics = { lsp_diagnostic }, only = { "quickfix" } },
    }
    local response = client:request_sync("textDocument/codeAction", params, 5000, bufnr)
    local actions = (response and response.result) or {}
    local titles = {}
    for _, action in ipairs(actions) do
      table.insert(titles, action.title)
      if not applied and action.edit and action.title:find("policy", 1, true) then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
        applied = true
      end
    end
    check("a quickfix for INN501 is offered and applied", applied, table.concat(titles, " | "))
  else
    check("a quickfix for INN501 is offered and applied", false, "no INN501 diagnostic")
  end
  check("line 20 reads `type: policy`", vim.api.nvim_buf_get_lines(bufnr, 19, 20, false)[1] == "    type: policy")
  local cleared = vim.wait(10000, function()
    local now = table.concat(actual(bufnr), " ")
    return not now:find("INN501", 1, true) and not now:find("INN605", 1, true) and now:find("INN101", 1, true) ~= nil
  end, 50)
  check("after the fix only INN101 is left", applied and cleared, table.concat(actual(bufnr), ", "))

  -- The Score spec: the CLI's findings, then the preferred quick fix renaming `imgae` to
  -- `image`, applied through vim.lsp.buf.code_action as a user would.
  vim.cmd.edit(vim.fn.fnameescape(workspace .. "/" .. SCORE_RELATIVE))
  local score = vim.api.nvim_get_current_buf()
  -- The quick fix needs the findings of the client attached here (the code action request
  -- carries them): wait for them in that client's namespace.
  local score_client
  local score_ready = vim.wait(15000, function()
    score_client = client_of(score)
    return score_client ~= nil and #vim.diagnostic.get(score, { namespace = vim.lsp.diagnostic.get_namespace(score_client.id) }) > 0
  end, 50)
  check(
    "server attached to the Score spec, with its findings",
    score_ready,
    ("client %s (the workflow's: %d)"):format(score_client and score_client.id or "none", client.id)
  )
  local want_score = expected_of(SCORE_RELATIVE)
  local score_same = vim.wait(15000, function()
    return vim.deep_equal(actual(score), want_score)
  end, 50)
  check(
    "Score spec: diagnostics equal the CLI's",
    score_same and #want_score >= 2,
    table.concat(actual(score), ", ") .. "; want " .. table.concat(want_score, ", ")
  )
  local inn101 = cli_finding(SCORE_RELATIVE, "INN101")
  local line101 = inn101 and inn101.range.start.line or 1
  vim.api.nvim_win_set_cursor(0, { line101, inn101 and inn101.range.start.column - 1 or 0 })
  local offered = {}
  -- "No code actions available" and the like go to the check's detail, not to the output.
  local notify = vim.notify
  vim.notify = function(message)
    table.insert(offered, "notified: " .. tostring(message))
  end
  -- The server answers code actions once it has checked the file it was just sent: ask again
  -- (a few times) until the rename is there.
  local renamed = false
  for _ = 1, 5 do
    offered = {}
    vim.lsp.buf.code_action({
      apply = true,
      filter = function(action)
        table.insert(offered, action.title .. (action.isPreferred and " (preferred)" or ""))
        return action.isPreferred == true and action.title:find("image", 1, true) ~= nil
      end,
    })
    renamed = vim.wait(2000, function()
      local line = vim.api.nvim_buf_get_lines(score, line101 - 1, line101, false)[1] or ""
      return line:match("^%s+image: ") ~= nil
    end, 50)
    if renamed then
      break
    end
  end
  vim.notify = notify
  check("the preferred quick fix of INN101 renames `imgae` to `image`", renamed, table.concat(offered, " | "))
  local score_clean = vim.wait(10000, function()
    local now = table.concat(actual(score), " ")
    return not now:find("INN101", 1, true) and not now:find("INN102", 1, true)
  end, 50)
  check("after it, INN101 and INN102 are gone from the Score spec", renamed and score_clean, table.concat(actual(score), ", "))
  vim.api.nvim_set_current_buf(bufnr)

  -- 4. Completion of a step key.
  vim.api.nvim_buf_set_lines(bufnr, 43, 43, false, { "    depends" })
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = 43, character = 11 } }
  local response = client:request_sync("textDocument/completion", params, 5000, bufnr)
  local result = response and response.result
  local items = (result and (result.items or result)) or {}
  local labels = {}
  for _, item in ipairs(items) do
    table.insert(labels, item.label)
  end
  check("completion offers dependsOn", vim.tbl_contains(labels, "dependsOn"), table.concat(labels, ", "):sub(1, 200))
  vim.api.nvim_buf_set_lines(bufnr, 43, 44, false, {})

  -- 5. :InnominatusDryRun shows the plan.
  vim.cmd("InnominatusDryRun")
  local report
  vim.wait(15000, function()
    local target = vim.fn.bufnr("innominatus://dry-run")
    if target == -1 then
      return false
    end
    report = table.concat(vim.api.nvim_buf_get_lines(target, 0, -1, false), "\n")
    return report:find("dry run of workflow delete-namespace", 1, true) ~= nil
  end, 50)
  check(":InnominatusDryRun shows the plan", report ~= nil and report:find("check-empty", 1, true) ~= nil, report and vim.split(report, "\n")[1])
  check("the dry run came from the server (innominatus/dryRun)", report ~= nil and report:find("(from the language server)", 1, true) ~= nil)

  -- 6. :InnominatusGraph mermaid shows the workspace graph.
  vim.cmd("InnominatusGraph mermaid")
  local graph_buf = vim.fn.bufnr("innominatus://graph.mermaid")
  local graph = graph_buf ~= -1 and table.concat(vim.api.nvim_buf_get_lines(graph_buf, 0, -1, false), "\n") or ""
  check(":InnominatusGraph mermaid shows the graph", graph:find("delete-namespace", 1, true) ~= nil, vim.split(graph, "\n")[1])

  -- 7. :InnominatusGraph html: the server's page, focused on the workflow's buffer, written to
  -- a file (opened in the browser when Neovim has a UI; headless, only written).
  vim.api.nvim_set_current_buf(bufnr)
  local said = {}
  local notify = vim.notify
  vim.notify = function(message)
    table.insert(said, tostring(message))
  end
  vim.cmd("InnominatusGraph html")
  local page_path
  vim.wait(15000, function()
    for _, message in ipairs(said) do
      page_path = page_path or message:match("graph page written to (%S+%.html)")
    end
    return page_path ~= nil
  end, 50)
  vim.notify = notify
  local page = page_path and vim.fn.filereadable(page_path) == 1 and read(page_path) or ""
  check(
    ":InnominatusGraph html writes the page, asked of the server",
    page:lower():find("^<!doctype html>") ~= nil and table.concat(said, " "):find("(from the language server)", 1, true) ~= nil,
    table.concat(said, " | ")
  )
  local listing = vim.system({ bin, "graph", ".", "--format", "json" }, { text = true, cwd = workspace }):wait()
  local nodes = vim.json.decode(listing.stdout).nodes
  local undrawn, declared = {}, 0
  for _, node in ipairs(nodes) do
    if not page:find('data-id="' .. node.id .. '"', 1, true) then
      table.insert(undrawn, node.id)
    end
    if node.file == RELATIVE then
      declared = declared + 1
    end
  end
  check("the page draws every node of `graph --format json`", #nodes >= 10 and #undrawn == 0, #nodes .. " nodes; missing " .. table.concat(undrawn, ", "))
  local data_text = page:match('<script type="application/json" id="graph%-data">(.-)</script>')
  local data = data_text and vim.json.decode(data_text) or { focus = {}, nodes = {} }
  local focused = {}
  for _, index in ipairs(data.focus) do
    table.insert(focused, data.nodes[index + 1].file)
  end
  check(
    "the page opens focused on the buffer's file, its links based at the workspace",
    declared > 0 and #focused == declared and #vim.tbl_filter(function(file)
      return file == RELATIVE
    end, focused) == declared and data.fileBase == workspace,
    ("%d of %d focused nodes in %s; fileBase %s"):format(#focused, declared, RELATIVE, tostring(data.fileBase))
  )

  -- 8. The debugger for nvim-dap (nvim-dap itself cannot be installed here).
  debug_checks(bufnr, client)
end

local ok, err = pcall(run)
if not ok then
  check("test script", false, tostring(err))
end
io.stdout:write(("nvim-e2e-%s: %d passed, %d failed\n"):format(mode, passed, failed))
io.stdout:flush()
os.exit(failed == 0 and 0 or 1)
