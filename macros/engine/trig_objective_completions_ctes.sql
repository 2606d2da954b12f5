{#- The time from stage entry to completion of every earlier completion of the batch's
    objectives, read from the state in one join for all of them (each objective's Signal
    benchmark adds this evaluation's completions: trig_signal_ctes). One join per batch
    instead of one per objective: the joins read every past episode, so their cost
    followed history times objectives. An objective is paired with the episode of its
    current stage that has the same number. -#}
{% macro trig_objective_completions_ctes(plan, units) -%}
  {%- set pairs = [] -%}
  {%- for unit in units if plan.by_name[unit.name].kind == 'stage' -%}
    {%- for m in unit.members[1:] -%}{%- do pairs.append([m, unit.name]) -%}{%- endfor -%}
  {%- endfor -%}
  {%- if not pairs -%}{{ return('') }}{%- endif %}
objective_stages as (
    {%- for objective, stage in pairs %}
    select {{ trig.trig_string_literal(objective) }} as objective_name, {{ trig.trig_string_literal(stage) }} as stage_name
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),
objective_completions as (
    select ob.object_name, {{ dbt.datediff('st.entered_at', 'ob.completed_at', 'second') }} as seconds_to_complete
    from objective_stages as m
    inner join prev_episodes as ob on ob.object_name = m.objective_name
    inner join prev_episodes as st
        on st.object_name = m.stage_name and st.entity_id = ob.entity_id and st.episode_number = ob.episode_number
    where ob.completed_at is not null
),
{%- endmacro %}
