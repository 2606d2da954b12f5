-- No completion, exit or follow-up for an entity that never entered that episode,
-- and nothing stamped before the episode's entry. Checked for the newest evaluation's
-- rows (older rows were checked by the build that wrote them).
with newest as (
    select *
    from {{ ref('trig_transitions') }}
    where transition_type in ('completed', 'exited', 'follow_up_due')
        and evaluated_at = (select max(evaluated_at) from {{ ref('trig_transitions') }})
),

{#- the entries of the checked episodes only, so the join's table follows the day -#}
entries as (
    select e.object_name, e.entity_type, e.entity_id, e.episode_number, e.occurred_at as entered_at
    from {{ ref('trig_transitions') }} as e
    where e.transition_type = 'entered'
        and exists (
            select 1 from newest as n
            where n.object_name = e.object_name and n.entity_type = e.entity_type
                and n.entity_id = e.entity_id and n.episode_number = e.episode_number
        )
)

select t.*
from newest as t
left join entries as e
    on e.object_name = t.object_name and e.entity_type = t.entity_type
    and e.entity_id = t.entity_id and e.episode_number = t.episode_number
where e.entered_at is null or t.occurred_at < e.entered_at
