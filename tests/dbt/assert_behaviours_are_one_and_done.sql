-- A behaviour (or objective within one stage episode) is completed at most once,
-- and an episode never both completes and exits. Checked for the newest evaluation's
-- rows against the whole log (older rows were checked by the build that wrote them).
with newest as (
    select *
    from {{ ref('trig_transitions') }}
    where transition_type in ('completed', 'exited')
        and evaluated_at = (select max(evaluated_at) from {{ ref('trig_transitions') }})
)

select n.object_name, n.entity_type, n.entity_id, n.episode_number, n.transition_type
from newest as n
inner join {{ ref('trig_transitions') }} as other
    on other.object_name = n.object_name
    and other.entity_type = n.entity_type
    and other.entity_id = n.entity_id
    and other.transition_id <> n.transition_id
    and (
        (other.episode_number = n.episode_number
            and other.transition_type in ('completed', 'exited'))
        or (n.object_kind = 'behaviour' and n.transition_type = 'completed'
            and other.transition_type = 'completed')
    )
