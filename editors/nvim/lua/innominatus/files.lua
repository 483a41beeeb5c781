-- Which YAML files belong to innominatus. The server is attached to these only, so that
-- unrelated YAML (CI files, Helm values, kubeconfigs) keeps its own tooling; the server
-- declines what is not the platform's all the same. The lists come from patterns.lua,
-- rendered from the engine's rules (engine/src/project/files.rs): other tools' files first,
-- then the platform's names and folders, then content markers.
local patterns = require("innominatus.patterns")

local M = {}

-- The path with forward slashes and a leading `/`, as the patterns expect.
local function slashed(path)
  path = path:gsub("\\", "/")
  if path:sub(1, 1) ~= "/" then
    path = "/" .. path
  end
  return path
end

local function any_found(list, path)
  for _, pattern in ipairs(list) do
    if path:find(pattern) then
      return true
    end
  end
  return false
end

--- True for another tool's file (GitHub Actions, GitLab CI, Compose, Helm, kubeconfig).
---@param path string
function M.excluded(path)
  return any_found(patterns.excluded, slashed(path))
end

--- True for a platform file by its name or folder, or by one of the user's Lua patterns
--- (matched against the path with forward slashes).
---@param path string
---@param extra string[]?
function M.named(path, extra)
  return any_found(patterns.owned, slashed(path)) or any_found(extra or {}, (path:gsub("\\", "/")))
end

--- True when the lines (the start of a file) carry every key of one of the markers.
---@param lines string[]
function M.marked(lines)
  for _, marker in ipairs(patterns.markers) do
    local all = true
    for _, alternatives in ipairs(marker.keys) do
      local found = false
      for i = 1, math.min(#lines, patterns.marker_lines) do
        if any_found(alternatives, lines[i]) then
          found = true
          break
        end
      end
      if not found then
        all = false
        break
      end
    end
    if all then
      return true
    end
  end
  return false
end

--- The decision for a path and the first lines of its text, as the engine makes it.
---@param path string
---@param lines string[]
---@param opts { extra_patterns: string[]?, detect_by_content: boolean? }
function M.decide(path, lines, opts)
  if M.excluded(path) then
    return false
  end
  if M.named(path, opts.extra_patterns) then
    return true
  end
  return opts.detect_by_content ~= false and M.marked(lines)
end

--- True when the buffer is a file the innominatus server should check.
---@param bufnr integer
---@param opts { extra_patterns: string[]?, detect_by_content: boolean? }
function M.owned(bufnr, opts)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" or vim.bo[bufnr].buftype ~= "" then
    return false
  end
  return M.decide(name, vim.api.nvim_buf_get_lines(bufnr, 0, patterns.marker_lines, false), opts)
end

return M
