-- A behaviour (or objective within one stage episode) is completed at most once,
-- and an episode never both completes and exits.
select object_name, entity_type, entity_id, count(*) as completions
from {{ ref('trig_transitions') }}
where transition_type = 'completed' and object_kind = 'behaviour'
group by object_name, entity_type, entity_id
having count(*) > 1
union all
select object_name, entity_type, entity_id, count(*)
from {{ ref('trig_transitions') }}
where transition_type in ('completed', 'exited')
group by object_name, entity_type, entity_id, episode_number
having count(*) > 1
