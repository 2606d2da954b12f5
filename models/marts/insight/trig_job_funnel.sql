{#- A job step by step. Step 0 is entry (the entry actions), step k the k-th
    follow-up. Per step: episodes that reached it, how many of those were treated,
    how many had an action queued for it (trig_pending_actions) and delivered (the
    runner's ledger, status 'sent'), then the episodes whose last step reached was
    this one: completed after it (with median days from entry) or exited after it. -#}
{%- set jobs = trig.trig_objects() | selectattr('kind', 'equalto', 'job') | list -%}
{%- set dbl = trig.trig_type_double() -%}
{%- set big = dbt.type_bigint() -%}

with assignments as (
    select * from {{ ref('trig_job_assignments') }}
),

steps as (
    select
        cast(null as {{ dbt.type_string() }}) as job_name,
        cast(null as {{ dbt.type_int() }}) as step,
        cast(null as {{ dbt.type_string() }}) as step_name
    where 1 = 0
    {%- for job in jobs %}
    union all select '{{ job.name }}', 0, 'entry'
    {%- for follow_up in job.follow_ups %}
    union all select '{{ job.name }}', {{ loop.index }}, 'follow_up_{{ loop.index }}'
    {%- endfor %}
    {%- endfor %}
),

step_actions as (
    select
        p.object_name as job_name,
        p.step,
        p.entity_id,
        p.episode_number,
        max(case when l.status = 'sent' then 1 else 0 end) as is_delivered
    from {{ ref('trig_pending_actions') }} as p
    left join {{ source('trig_runner', 'trig_delivery_ledger') }} as l on l.action_id = p.action_id
    where p.object_kind = 'job' and p.transition_type in ('entered', 'follow_up_due')
    group by p.object_name, p.step, p.entity_id, p.episode_number
),

per_step as (
    select
        s.job_name,
        s.step,
        s.step_name,
        a.arm,
        a.status,
        a.follow_ups_due,
        {{ dbt.datediff('a.entered_at', 'a.completed_at', 'second') }} / 86400.0 as days_to_complete,
        case when x.entity_id is not null then 1 else 0 end as is_messaged,
        coalesce(x.is_delivered, 0) as is_delivered
    from steps as s
    inner join assignments as a
        on a.job_name = s.job_name and a.follow_ups_due >= s.step
    left join step_actions as x
        on x.job_name = a.job_name and x.step = s.step
        and x.entity_id = a.entity_id and x.episode_number = a.episode_number
)

select
    s.job_name,
    cast(s.step as {{ big }}) as step,
    s.step_name,
    cast(count(p.job_name) as {{ big }}) as reached,
    cast(coalesce(sum(case when p.arm = 'treated' then 1 else 0 end), 0) as {{ big }}) as reached_treated,
    cast(coalesce(sum(p.is_messaged), 0) as {{ big }}) as messaged,
    cast(coalesce(sum(p.is_delivered), 0) as {{ big }}) as delivered,
    cast(coalesce(sum(case when p.follow_ups_due = s.step and p.status = 'completed' then 1 else 0 end), 0) as {{ big }}) as completed_after_step,
    cast(coalesce(sum(case when p.follow_ups_due = s.step and p.status = 'exited' then 1 else 0 end), 0) as {{ big }}) as exited_after_step,
    cast({{ trig.trig_percentile_cont('case when p.follow_ups_due = s.step then p.days_to_complete end', 0.5) }} as {{ dbl }}) as median_days_to_complete
from steps as s
left join per_step as p on p.job_name = s.job_name and p.step = s.step
group by s.job_name, s.step, s.step_name
