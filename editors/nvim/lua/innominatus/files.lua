-- Which YAML files belong to innominatus. The server is attached to these only, so that
-- unrelated YAML (CI files, Helm values, kubeconfigs) keeps its own tooling.
local M = {}

-- Lua patterns over the file's path with forward slashes (the platform's conventions).
M.patterns = {
  "/score%.ya?ml$",
  "/[^/]*score[^/]*%.ya?ml$",
  "/workflows/.*%.ya?ml$",
  "/providers/.*%.ya?ml$",
  "/goldenpaths%.ya?ml$",
  "/admin%-config%.ya?ml$",
  "%.test%.ya?ml$",
}

-- Content markers that make any YAML file an innominatus document: a Score apiVersion, a
-- provider manifest, or one of the workflow apiVersions in use.
local markers = {
  "^apiVersion:%s*[\"']?score%.", -- score.dev/v1b1 and the older score.sh/v1b1, as the engine
  "^kind:%s*[\"']?Provider[\"']?%s*$",
  "^kind:%s*[\"']?Platform[\"']?%s*$",
  "^apiVersion:%s*[\"']?innominatus%.io/",
  "^apiVersion:%s*[\"']?workflow%.dev/",
  "^apiVersion:%s*[\"']?orchestrator%.innominatus%.dev/",
}

-- The markers sit at the top of a document; looking further only costs time on big files.
local content_lines = 80

local function matches_name(path, extra)
  path = path:gsub("\\", "/")
  for _, list in ipairs({ M.patterns, extra or {} }) do
    for _, pattern in ipairs(list) do
      if path:find(pattern) then
        return true
      end
    end
  end
  return false
end

local function matches_content(bufnr)
  for _, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, content_lines, false)) do
    for _, marker in ipairs(markers) do
      if line:find(marker) then
        return true
      end
    end
  end
  return false
end

--- True when the buffer is a file the innominatus server should check.
---@param bufnr integer
---@param opts { extra_patterns: string[]?, detect_by_content: boolean? }
function M.owned(bufnr, opts)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" or vim.bo[bufnr].buftype ~= "" then
    return false
  end
  if matches_name(name, opts.extra_patterns) then
    return true
  end
  return opts.detect_by_content ~= false and matches_content(bufnr)
end

return M
