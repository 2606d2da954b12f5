-- No completion, exit or follow-up for an entity that never entered that episode,
-- and nothing stamped before the episode's entry. Checked for the newest evaluation's
-- rows (older rows were checked by the build that wrote them).
with newest as (
    select *
    from {{ ref('trig_transitions') }}
    where transition_type in ('completed', 'exited', 'follow_up_due')
        and evaluated_at = (select max(evaluated_at) from {{ ref('trig_transitions') }})
),

entries as (
    select object_name, entity_type, entity_id, episode_number, occurred_at as entered_at
    from {{ ref('trig_transitions') }}
    where transition_type = 'entered'
)

select t.*
from newest as t
left join entries as e
    on e.object_name = t.object_name and e.entity_type = t.entity_type
    and e.entity_id = t.entity_id and e.episode_number = t.episode_number
where e.entered_at is null or t.occurred_at < e.entered_at
