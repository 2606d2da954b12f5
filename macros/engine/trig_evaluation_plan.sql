{#- Compiles every object (criteria checked against the catalogue), groups stages with
    their objectives, and orders the groups for evaluation. Compiled once per dbt
    invocation for a given catalogue (event progress and the transitions both need it). -#}
{% macro trig_evaluation_plan() -%}
  {%- set objects = trig.trig_objects() -%}
  {%- set bases = {'organisation': trig.trig_catalog_base('organisation', objects=objects), 'person': trig.trig_catalog_base('person', objects=objects)} -%}
  {%- set catalogue = bases | tojson -%}
  {%- set cached = trig.trig_invocation_cached('evaluation_plan', catalogue) -%}
  {%- if cached is not none -%}{{ return(cached.value) }}{%- endif -%}
  {{ return(trig.trig_invocation_cache('evaluation_plan', trig.trig_compile_evaluation_plan(objects, bases), catalogue)) }}
{%- endmacro %}

{% macro trig_compile_evaluation_plan(objects, bases) -%}
  {%- set compiled = {} -%}
  {%- set by_name = {} -%}
  {%- for obj in objects if obj.kind != 'cohort' -%}
    {%- do by_name.update({obj.name: obj}) -%}
    {%- do compiled.update({obj.name: trig.trig_compile_object(obj, objects, loop.index, bases)}) -%}
  {%- endfor -%}
  {%- do trig.trig_check_routes(objects, by_name) -%}
  {%- set units = [] -%}
  {%- for obj in objects if obj.kind in ['stage', 'behaviour', 'job'] -%}
    {%- set members = [obj.name] + obj.objectives -%}
    {%- set refs = [] -%}
    {%- for m in members -%}{%- for r in compiled[m].refs -%}{%- do refs.append(r) -%}{%- endfor -%}{%- endfor -%}
    {%- do units.append({'name': obj.name, 'priority': obj.priority, 'refs': refs, 'members': members, 'all_units': by_name.keys() | list}) -%}
  {%- endfor -%}
  {%- set ordered = trig.trig_order_by_level(trig.trig_evaluation_order(units)) -%}
  {%- set transition_ctes = [] -%}
  {%- set objective_signals = [] -%}
  {%- for unit in ordered -%}
    {%- for m in unit.members -%}
      {%- set o = by_name[m] -%}
      {%- do transition_ctes.append({'unit': unit.name, 'name': o.name, 'kind': o.kind, 'parent': o.parent, 'entity': o.entity, 'cte': 'o' ~ compiled[m].idx ~ '_transitions'}) -%}
      {%- if o.kind == 'objective' -%}
        {%- for part in trig.trig_usage_signal_parts(o, compiled[m].idx, by_name) -%}{%- do part.update({'unit': unit.name}) -%}{%- do transition_ctes.append(part) -%}{%- endfor -%}
        {%- do objective_signals.append({'objective': o.name, 'stage': o.parent, 'entity': o.entity, 'threshold': o.signals.threshold, 'min_completions': o.signals.min_completions, 'benchmark': o.signals.benchmark, 'fast': o.signals.fast}) -%}
      {%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
  {{ return({'units': ordered, 'compiled': compiled, 'by_name': by_name, 'transition_ctes': transition_ctes, 'objective_signals': objective_signals}) }}
{%- endmacro %}

{% macro trig_check_routes(objects, by_name) -%}
  {%- for obj in objects if obj.kind != 'cohort' -%}
    {%- set lists = [obj.actions.entered, obj.actions.completed, obj.actions.exited] -%}
    {%- for f in obj.follow_ups -%}{%- do lists.append(f.actions) -%}{%- endfor -%}
    {%- for actions in lists -%}{%- for a in actions if a.type == 'route_to' -%}
      {%- set target = by_name.get(a.config.object) -%}
      {%- if target is none or target.kind != 'job' -%}
        {{ trig.trig_config_error(obj.name, 'route_to', "unknown job '" ~ a.config.object ~ "'", a.config.object, objects | selectattr('kind', 'equalto', 'job') | map(attribute='name') | list) }}
      {%- endif -%}
      {%- if target.entity != obj.entity -%}
        {{ trig.trig_config_error(obj.name, 'route_to', "job '" ~ target.name ~ "' is " ~ target.entity ~ "-level; routes stay within one entity type") }}
      {%- endif -%}
    {%- endfor -%}{%- endfor -%}
  {%- endfor -%}
{%- endmacro %}

{#- All per-object CTEs, in evaluation order. -#}
{% macro trig_evaluation_ctes(plan, units, t) -%}
  {%- set evaluated = [] -%}
  {%- set index_of = {} -%}
  {%- for name, c in plan.compiled.items() -%}{%- do index_of.update({name: c.idx}) -%}{%- endfor -%}
  {%- for unit in units -%}
    {%- set c = plan.compiled[unit.name] -%}
    {%- set objective_cs = [] -%}
    {%- for m in unit.members[1:] -%}{%- do objective_cs.append(plan.compiled[m]) -%}{%- endfor %}
{{ trig.trig_object_attributes_cte(c, evaluated, index_of, plan.by_name) }}
    {%- for k in objective_cs %}
{{ trig.trig_object_attributes_cte(k, evaluated, index_of, plan.by_name) }}
    {%- endfor %}
    {%- if c.obj.kind == 'stage' %}
{{ trig.trig_stage_ctes(c, objective_cs, t) }}
      {%- if objective_cs %}
{{ trig.trig_usage_signals_ctes(c, objective_cs[-1], t) }}
      {%- endif %}
    {%- else %}
{{ trig.trig_entry_ctes(c, t) }}
{{ trig.trig_episode_ctes(c, t) }}
{{ trig.trig_outcome_cte(c, t, 'o' ~ c.idx ~ '_resolved') }}
{{ trig.trig_object_transitions_cte(c, t) }}
    {%- endif %}
{{ trig.trig_after_state_cte(c) }}
    {%- for m in unit.members -%}{%- do evaluated.append(m) -%}{%- endfor -%}
  {%- endfor -%}
{%- endmacro %}

{#- The earliest event the evaluation query's `events` can need, as a literal (so the
    scan is pruned by time): the previous evaluation, T minus the longest absence or
    upper-bound window. Objective entry conditions count from the stage's entry, which
    can be long ago: with a forward one of those, no bound. (New episodes read
    `recent_events` and late-found ones `history_events`.) -#}
{% macro trig_events_lower_bound(compiled) -%}
  {%- set longest = namespace(seconds=0) -%}
  {%- for name, c in compiled.items() -%}
    {%- for leaf in c.entry_leaves if c.obj.kind == 'objective' and trig.trig_is_forward_leaf(leaf) -%}{{ return(none) }}{%- endfor -%}
    {%- for leaf in c.entry_leaves + c.episode_leaves if leaf.within_s and not trig.trig_is_forward_leaf(leaf) -%}
      {%- if leaf.within_s > longest.seconds -%}{%- set longest.seconds = leaf.within_s -%}{%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- set previous = trig.trig_new_episode_scan_from() -%}
  {%- set window_start = trig.trig_shift_timestamp(trig.trig_evaluation_time(), -longest.seconds) -%}
  {{ return([previous, window_start] | min) }}
{%- endmacro %}
