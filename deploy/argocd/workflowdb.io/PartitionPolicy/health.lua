-- Health of a workflowdb.io/v1alpha1 PartitionPolicy, read from its conditions.
-- Healthy: Ready=True for the current generation. Progressing: the generation is
-- not observed yet, the policy waits for its WorkflowDatabase to be Ready, or an
-- online conversion runs or waits.
-- Degraded: every other Ready=False (invalid spec, missing database or table,
-- a failed upkeep run, an unreachable database).
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

-- Ready=False reasons that pass by themselves
local settling = {
  DatabaseNotReady = true, -- the WorkflowDatabase exists and is not Ready yet
  Converting = true, -- an online conversion copies the table
  ConversionPaused = true, -- an online conversion waits: suspended, outside its window, or the database under pressure
}

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
  return result("Healthy", ready.message)
end
if ready.status == "False" and not settling[ready.reason] then
  return result("Degraded", ready.message)
end
return result("Progressing", ready.message)
