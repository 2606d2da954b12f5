{#- One row per object, entity and episode (Signals excluded): the shape BI tools and
    the audience views read. -#}
with transitions as (
    select * from {{ ref('trig_transitions') }}
    where object_kind <> 'signal'
)

select
    {{ trig.trig_md5(['object_name', 'entity_type', 'entity_id', 'episode_number']) }} as episode_id,
    object_name,
    max(object_kind) as object_kind,
    max(parent_object_name) as parent_object_name,
    entity_type,
    entity_id,
    max(organisation_id) as organisation_id,
    episode_number,
    max(case when transition_type = 'entered' then occurred_at end) as entered_at,
    max(case when transition_type = 'completed' then occurred_at end) as completed_at,
    max(case when transition_type = 'exited' then occurred_at end) as exited_at,
    max(case when transition_type = 'exited' then cause end) as exit_cause,
    max(case when transition_type = 'follow_up_due' then step else 0 end) as follow_ups_due,
    case
        when max(case when transition_type = 'completed' then 1 else 0 end) = 1 then 'completed'
        when max(case when transition_type = 'exited' then 1 else 0 end) = 1 then 'exited'
        else 'active'
    end as status
from transitions
group by object_name, entity_type, entity_id, episode_number
