-- Text for the dry-run result (the JSON of `innominatus workflow test --dry-run --format json`,
-- which the server's innominatus/dryRun request returns too).
local M = {}

local function text(value, fallback)
  if value == nil or value == vim.NIL then
    return fallback
  end
  return tostring(value)
end

function M.dry_run(result)
  if type(result) ~= "table" or (result.steps == nil and result.status == nil) then
    -- Not the shape this version knows: show it whole rather than guess.
    return vim.inspect(result)
  end
  local lines = {}
  local header = "dry run of workflow " .. text(result.workflow, "(unnamed workflow)")
  if result.file and result.file ~= vim.NIL then
    header = header .. " (" .. result.file .. ")"
  end
  header = header .. ", " .. text(result.engine, "documented") .. " engine: " .. text(result.status, "unknown")
  table.insert(lines, header)
  if result.error and result.error ~= vim.NIL then
    table.insert(lines, "error: " .. tostring(result.error))
  end
  local groups = (result.plan and result.plan ~= vim.NIL and result.plan.groups) or {}
  for index, group in ipairs(groups) do
    table.insert(lines, ("group %d (%s): %s"):format(index, text(group.label, "sequential"), table.concat(group.steps or {}, ", ")))
  end
  for _, step in ipairs(result.steps or {}) do
    local reason = (step.reason and step.reason ~= vim.NIL) and (" (" .. step.reason .. ")") or ""
    table.insert(lines, ("  %-10s %s [%s]%s"):format(text(step.status, "?"), text(step.name, "?"), text(step.type, "?"), reason))
    for _, effect in ipairs(step.effects or {}) do
      table.insert(lines, "      would: " .. effect)
    end
  end
  return table.concat(lines, "\n")
end

return M
