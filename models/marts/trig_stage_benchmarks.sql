{#- Per stage objective: how many stage episodes reached it, the completion rate and
    the mean / median days from stage entry to completion (the Signal benchmark). -#}
with objectives as (
    select * from {{ ref('trig_episodes') }} where object_kind = 'objective'
),

stages as (
    select * from {{ ref('trig_episodes') }} where object_kind = 'stage'
),

timed as (
    select
        o.parent_object_name as stage_name,
        o.object_name as objective_name,
        o.status,
        case when o.status = 'completed'
            then {{ dbt.datediff('s.entered_at', 'o.completed_at', 'second') }} / 86400.0 end as days_to_complete
    from objectives as o
    inner join stages as s
        on s.object_name = o.parent_object_name and s.entity_id = o.entity_id
        and s.episode_number = o.episode_number
)

select
    stage_name,
    objective_name,
    count(*) as episodes,
    sum(case when status = 'completed' then 1 else 0 end) as completed,
    sum(case when status = 'exited' then 1 else 0 end) as exited_incomplete,
    cast(sum(case when status = 'completed' then 1 else 0 end) as {{ trig.trig_type_double() }}) / nullif(count(*), 0) as completion_rate,
    avg(days_to_complete) as mean_days_to_complete
from timed
group by stage_name, objective_name
