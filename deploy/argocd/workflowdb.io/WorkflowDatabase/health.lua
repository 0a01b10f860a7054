-- Health of a workflowdb.io/v1alpha1 WorkflowDatabase, read from its conditions.
-- Healthy: Ready=True for the current generation, the schema as declared, and no
-- CRITICAL health check.
-- Progressing: the generation is not observed yet, members are starting, or the
-- schema is being applied by another session. Degraded: every other Ready=False,
-- SchemaApplied=False (a migration, index or view fails; Ready stays True so the
-- policies and health checks go on), or Healthy=False with reason ChecksCritical
-- (a WARNING check does not degrade).
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
  Creating = true, -- the cluster's objects exist and no leader runs yet
}

-- SchemaApplied=False reasons that pass by themselves
local schemaSettling = {
  Busy = true,        -- another session applies the schema right now
  Unreachable = true, -- the schema pass lost its connection; the next reconcile retries
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
  local healthy = find("Healthy")
  if healthy ~= nil and healthy.status == "False" and healthy.reason == "ChecksCritical" then
    return result("Degraded", healthy.message)
  end
  local schema = find("SchemaApplied")
  if schema ~= nil and schema.status == "False" then
    if schemaSettling[schema.reason] then
      return result("Progressing", schema.message)
    end
    return result("Degraded", schema.message)
  end
  if ready.reason == "Degraded" then
    -- a leader serves, but fewer members run than spec.instances asks for
    return result("Progressing", ready.message)
  end
  return result("Healthy", ready.message)
end

if ready.status == "False" and not settling[ready.reason] then
  return result("Degraded", ready.message)
end
return result("Progressing", ready.message)
