{#- What "normal" looks like: per stage objective and cohort, over closed stage
    episodes (completed or exited, so every episode had its full chance), the completion
    rate and the days from stage entry to completion (median, 75th and 90th percentile,
    mean). cohort_name '(all)' is everyone; the other rows use each cohort's current
    membership (cohorts keep no history: a segment as it is now, looking back). -#}
/* depends_on: {{ ref('trig_organisation_attributes') }} */
/* depends_on: {{ ref('trig_person_attributes') }} */
/* depends_on: {{ ref('int_trig__organisation_attributes') }} */
/* depends_on: {{ ref('int_trig__person_attributes') }} */
{%- set objects = trig.trig_objects() -%}
{%- set stages = objects | selectattr('kind', 'equalto', 'stage') | list -%}
{%- set cohorts = objects | selectattr('kind', 'equalto', 'cohort') | list -%}
{%- set dbl = trig.trig_type_double() -%}
{%- set big = dbt.type_bigint() -%}
{%- set t = trig.trig_view_t() -%}

with stage_episodes as (
    select * from {{ ref('trig_episodes') }}
    where object_kind = 'stage' and status in ('completed', 'exited')
),

objective_episodes as (
    select * from {{ ref('trig_episodes') }}
    where object_kind = 'objective'
),

{#- each cohort's criteria as in its audience view (trig.matching_entities), with one
    attribute catalogue per entity type for all cohorts: a metadata query each -#}
memberships as (
    select
        cast(null as {{ dbt.type_string() }}) as cohort_name,
        cast(null as {{ dbt.type_string() }}) as entity_type,
        cast(null as {{ dbt.type_string() }}) as entity_id
    where 1 = 0
    {%- for entity in ['organisation', 'person'] if execute and stages | selectattr('entity', 'equalto', entity) | list %}
    {%- set entity_cohorts = cohorts | selectattr('entity', 'equalto', entity) | list %}
    {%- set base = trig.trig_catalog_context('benchmarks', entity, objects=objects) if entity_cohorts else none %}
    {%- set key = 'organisation_id' if entity == 'organisation' else 'person_id' %}
    {%- for cohort in entity_cohorts %}
    {%- set ctx = {} %}
    {%- do ctx.update(base) %}
    {%- do ctx.update({'object': cohort.name, 'leaves': [], 'refs': [], 'cohort_stack': [], 'in_cohort': true}) %}
    union all
    select '{{ cohort.name }}', '{{ entity }}', cast(a.{{ key }} as {{ dbt.type_string() }})
    from {{ ref('trig_organisation_attributes') if entity == 'organisation' else ref('trig_person_attributes') }} as a
    where ({{ trig.trig_criteria_sql(trig.trig_normalize_criteria(cohort.cohort_criteria, ctx, 'criteria'), t) }}) is not null
    {%- endfor %}
    {%- endfor %}
),

segmented as (
    select '(all)' as cohort_name, s.* from stage_episodes as s
    union all
    select m.cohort_name, s.*
    from stage_episodes as s
    inner join memberships as m on m.entity_type = s.entity_type and m.entity_id = s.entity_id
),

objectives as (
    select
        cast(null as {{ dbt.type_string() }}) as stage_name,
        cast(null as {{ dbt.type_string() }}) as objective_name
    where 1 = 0
    {%- for stage in stages %}{% for objective in stage.objectives %}
    union all select '{{ stage.name }}', '{{ objective }}'
    {%- endfor %}{% endfor %}
),

timed as (
    select
        s.cohort_name,
        s.object_name as stage_name,
        b.objective_name,
        case when o.completed_at is not null then 1 else 0 end as is_completed,
        {{ dbt.datediff('s.entered_at', 'o.completed_at', 'second') }} / 86400.0 as days_to_complete
    from segmented as s
    inner join objectives as b on b.stage_name = s.object_name
    left join objective_episodes as o
        on o.parent_object_name = s.object_name and o.object_name = b.objective_name
        and o.entity_type = s.entity_type and o.entity_id = s.entity_id
        and o.episode_number = s.episode_number and o.status = 'completed'
)

select
    stage_name,
    objective_name,
    cohort_name,
    cast(count(*) as {{ big }}) as stage_episodes,
    cast(sum(is_completed) as {{ big }}) as completed,
    cast(count(*) - sum(is_completed) as {{ big }}) as incomplete,
    cast(sum(is_completed) as {{ dbl }}) / count(*) as completion_rate,
    cast({{ trig.trig_percentile_cont('days_to_complete', 0.5) }} as {{ dbl }}) as median_days_to_complete,
    cast({{ trig.trig_percentile_cont('days_to_complete', 0.75) }} as {{ dbl }}) as p75_days_to_complete,
    cast({{ trig.trig_percentile_cont('days_to_complete', 0.9) }} as {{ dbl }}) as p90_days_to_complete,
    cast(avg(days_to_complete) as {{ dbl }}) as mean_days_to_complete,
    count(*) < {{ var('trig_insight_meaningful_sample', 50) }} as is_below_meaningful_sample,
    count(*) < {{ var('trig_insight_significant_sample', 200) }} as is_below_significant_sample
from timed
group by stage_name, objective_name, cohort_name
