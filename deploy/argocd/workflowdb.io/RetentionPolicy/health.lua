-- Health of a workflowdb.io/v1alpha1 RetentionPolicy, read from its conditions.
-- Healthy: Ready=True with reason Scheduled for the current generation.
-- Progressing: the generation is not observed yet, a run is in progress (also
-- when it was interrupted and resumes by itself), or the policy waits for its
-- WorkflowDatabase to be Ready. Suspended: spec.suspend is set.
-- Degraded: every other Ready=False (invalid spec, missing database, table or
-- archive, a failed run).
local hs = {}

local function find(conditionType)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function result(status, message)
  hs.status = status
  hs.message = message or ""
  return hs
end

local function runInProgress()
  return obj.status.lastRun ~= nil and obj.status.lastRun.outcome == "Running"
end

if obj.status == nil or obj.status.observedGeneration == nil then
  return result("Progressing", "Waiting for the operator to report status")
end
local generation = obj.metadata.generation
if generation ~= nil and obj.status.observedGeneration ~= generation then
  return result("Progressing", "Waiting for the operator to observe generation " .. generation)
end

local ready = find("Ready")
if ready == nil then
  return result("Progressing", "Waiting for the Ready condition")
end

if ready.status == "True" then
  if ready.reason == "Suspended" then
    return result("Suspended", ready.message)
  end
  if ready.reason == "Running" then
    return result("Progressing", ready.message)
  end
  return result("Healthy", ready.message)
end
if ready.status == "False" then
  if ready.reason == "DatabaseNotReady" then
    return result("Progressing", ready.message)
  end
  if ready.reason == "Interrupted" and runInProgress() then
    return result("Progressing", ready.message)
  end
  return result("Degraded", ready.message)
end
return result("Progressing", ready.message)
