{#- Checks and normalises every criteria tree of one object. Entry and exclusion
    criteria share one event anchor (go-live or the end of the previous episode);
    completion and exit criteria count from the episode's entry. -#}
{% macro trig_compile_object(obj, objects, idx, bases=none) -%}
  {%- set base = bases[obj.entity] if bases is not none else none -%}
  {%- set entry_ctx = trig.trig_catalog_context(obj.name, obj.entity, prefix='o' ~ idx ~ 'n', objects=objects, base=base) -%}
  {%- set episode_ctx = trig.trig_catalog_context(obj.name, obj.entity, prefix='o' ~ idx ~ 'c', objects=objects, base=base) -%}
  {%- set entry_key = 'audience' if obj.kind == 'job' else 'entry' -%}
  {%- set completion_key = 'goal' if obj.kind == 'job' else 'completion' -%}
  {%- set compiled = {
      'obj': obj, 'idx': idx,
      'entry': trig.trig_normalize_criteria(obj.completion if obj.enter_on_completion else obj.entry, entry_ctx, completion_key if obj.enter_on_completion else entry_key),
      'exclusions': trig.trig_normalize_criteria(obj.exclusions, entry_ctx, 'exclusions'),
      'completion': none if obj.enter_on_completion else trig.trig_normalize_criteria(obj.completion, episode_ctx, completion_key),
      'exit': trig.trig_normalize_criteria(obj.exit_criteria, episode_ctx, 'exit'),
      'entry_leaves': entry_ctx.leaves, 'episode_leaves': episode_ctx.leaves
  } -%}
  {%- if compiled.exclusions is not none and compiled.exclusions.kind == 'all' -%}
    {#- exclusions listed one per line mean "any of these excludes" -#}
    {%- do compiled.update({'exclusions': {'kind': 'any', 'children': compiled.exclusions.children}}) -%}
  {%- endif -%}
  {%- set refs = [] -%}
  {%- for r in entry_ctx.refs + episode_ctx.refs -%}{%- if r not in refs -%}{%- do refs.append(r) -%}{%- endif -%}{%- endfor -%}
  {%- do compiled.update({'refs': refs}) -%}
  {{ return(compiled) }}
{%- endmacro %}
