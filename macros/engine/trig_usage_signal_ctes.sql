{#- The usage Signals of a stage (opportunity), as CTEs of its batch: their criteria
    hold at T while the stage episode is open; stamped T; resolve at T when they stop
    holding, or when the stage ends. They read the stage's criteria, so they stay with
    its batch; slow and fast Signals are evaluated for every objective at once after
    the batches (trig_objective_signals_sql). CTE names follow the stage's last
    objective, as trig_usage_signal_parts lists them. -#}
{% macro trig_usage_signals_ctes(stage, last_objective, t) -%}
  {%- for u in stage.obj.signals.usage %}
{{ trig.trig_usage_signal_ctes(u, last_objective.idx ~ '_usage' ~ loop.index, stage, t) }}
  {%- endfor %}
{%- endmacro %}

{#- A usage Signal: its criteria (current attributes only) checked at T for every open
    stage episode; at most one raise per stage episode. -#}
{% macro trig_usage_signal_ctes(u, prefix, stage, t) -%}
{%- set key = 'organisation_id' if stage.obj.entity == 'organisation' else 'person_id' -%}
{%- set criteria = trig.trig_compile_usage_criteria(u, stage) -%}
o{{ prefix }}_state as (
    select
        st.entity_id, st.organisation_id, st.episode_number,
        coalesce(st.completed_at, st.exited_at) as stage_end_at,
        ({{ trig.trig_criteria_sql(criteria, t) }}) is not null as holds,
        p.signal_raised_at, p.signal_resolved_at
    from o{{ stage.idx }}_outcome as st
    left join o{{ stage.idx }}_attrs as a on a.{{ key }} = st.entity_id
    left join (select * from prev_episodes where object_name = '{{ u.name }}') as p
        on p.entity_id = st.entity_id and p.episode_number = st.episode_number
),
o{{ prefix }}_transitions as (
    select entity_id, organisation_id, episode_number, 'signal_raised' as transition_type, 0 as step, {{ t }} as occurred_at, 'usage_threshold' as cause
    from o{{ prefix }}_state
    where signal_raised_at is null and holds and stage_end_at is null
    union all
    select entity_id, organisation_id, episode_number, 'signal_resolved', 0, coalesce(stage_end_at, {{ t }}),
        case when stage_end_at is not null then 'stage_ended' else 'below_threshold' end
    from o{{ prefix }}_state
    where signal_raised_at is not null and signal_resolved_at is null and (stage_end_at is not null or not holds)
),
{%- endmacro %}

{#- Usage criteria read current attributes (event counts come in as roll-ups): no
    event conditions (the evaluation's event scan is not sized for them) and no
    lifecycle attributes (the stage's evaluation does not carry them). -#}
{% macro trig_compile_usage_criteria(u, stage) -%}
  {%- set ctx = trig.trig_catalog_context(stage.obj.name, stage.obj.entity, prefix='u' ~ stage.idx) -%}
  {%- set key = 'signals.usage.' ~ u.name ~ '.criteria' -%}
  {%- set tree = trig.trig_normalize_criteria(u.criteria, ctx, key) -%}
  {%- if ctx.leaves | length > 0 -%}
    {{ trig.trig_config_error(stage.obj.name, key, "usage Signals compare current attributes; count events with a roll-up (var trig_rollups, e.g. {name: invoices_sent, function: count, event: invoice_sent}) and compare that") }}
  {%- endif -%}
  {%- if ctx.refs | length > 0 -%}
    {{ trig.trig_config_error(stage.obj.name, key, "usage Signals cannot read lifecycle attributes (" ~ ctx.refs | join(', ') ~ "); use input attributes, roll-ups or cohorts") }}
  {%- endif -%}
  {{ return(tree) }}
{%- endmacro %}

{#- The benchmark statistic over `expr` as an aggregate. -#}
{% macro trig_benchmark_sql(expr, benchmark) -%}
  {%- if benchmark.fraction is none -%}avg({{ expr }}){%- else -%}{{ trig.trig_percentile_cont(expr, benchmark.fraction) }}{%- endif -%}
{%- endmacro %}

{#- The transition CTEs the evaluation plan lists for one objective: the stage's usage
    Signals, with its last objective. Names must not collide with objects: checked
    here, where every object is known. -#}
{% macro trig_usage_signal_parts(o, idx, by_name) -%}
  {%- set stage = by_name[o.parent] -%}
  {%- set parts = [] -%}
  {%- if o.name == stage.objectives[-1] -%}
    {%- for u in stage.signals.usage -%}
      {%- do parts.append({'name': u.name, 'kind': 'signal', 'parent': o.parent, 'entity': o.entity, 'cte': 'o' ~ idx ~ '_usage' ~ loop.index ~ '_transitions'}) -%}
    {%- endfor -%}
  {%- endif -%}
  {%- do trig.trig_check_signal_names(stage, by_name) -%}
  {{ return(parts) }}
{%- endmacro %}

{% macro trig_check_signal_names(stage, by_name) -%}
  {%- set taken = by_name.keys() | list -%}
  {%- for other in by_name.values() if other.kind == 'stage' -%}
    {%- for o in other.objectives -%}{%- do taken.append('slow_' ~ o) -%}{%- do taken.append('fast_' ~ o) -%}{%- endfor -%}
    {%- for u in other.signals.usage if other.name != stage.name -%}{%- do taken.append(u.name) -%}{%- endfor -%}
  {%- endfor -%}
  {%- set seen = [] -%}
  {%- for u in stage.signals.usage -%}
    {%- if u.name in taken or u.name in seen -%}
      {{ trig.trig_config_error(stage.name, 'signals.usage.' ~ u.name, "the name '" ~ u.name ~ "' is taken (by an object, another Signal or a slow_/fast_ Signal); Signals share the namespace of objects") }}
    {%- endif -%}
    {%- do seen.append(u.name) -%}
  {%- endfor -%}
  {#- a Signal's route goes to a job of its entity type, as an object's does -#}
  {%- for sig in trig.trig_stage_signals(stage, by_name.values() | list) -%}
    {%- for a in sig.actions if a.type == 'route_to' -%}
      {%- set target = by_name.get(a.config.object) -%}
      {%- if target is none or target.kind != 'job' or target.entity != stage.entity -%}
        {{ trig.trig_config_error(stage.name, sig.key ~ '[' ~ loop.index0 ~ '].route_to', "unknown " ~ stage.entity ~ "-level job '" ~ a.config.object ~ "'", a.config.object, by_name.values() | selectattr('kind', 'equalto', 'job') | selectattr('entity', 'equalto', stage.entity) | map(attribute='name') | list) }}
      {%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
{%- endmacro %}
