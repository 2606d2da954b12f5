{#- Event conditions whose counts are kept as running results in
    int_trig__event_progress: every forward condition (a count since the anchor, or a
    positive `within_last` window), of entry criteria (anchored at go-live or the end of
    the previous episode) and of episode criteria (anchored at the episode's entry). -#}
{% macro trig_progress_leaves(plan) -%}
  {%- set result = [] -%}
  {%- for name, c in plan.compiled.items() -%}
    {%- if c.obj.kind != 'objective' -%}
      {%- for leaf in c.entry_leaves if trig.trig_is_forward_leaf(leaf) -%}
        {%- do result.append({'key': trig.trig_leaf_key(c.obj, 'entry', leaf), 'obj': c.obj, 'context': 'entry', 'leaf': leaf}) -%}
      {%- endfor -%}
    {%- endif -%}
    {%- for leaf in c.episode_leaves if trig.trig_is_forward_leaf(leaf) -%}
      {%- do result.append({'key': trig.trig_leaf_key(c.obj, 'episode', leaf), 'obj': c.obj, 'context': 'episode', 'leaf': leaf}) -%}
    {%- endfor -%}
  {%- endfor -%}
  {{ return(result) }}
{%- endmacro %}

{#- Stable across runs and independent of evaluation order: what is counted, from which
    anchor, towards which count (and within which window). -#}
{% macro trig_leaf_key(obj, context, leaf) -%}
  {%- set key = obj.name ~ ':' ~ context ~ ':' ~ leaf.event ~ ':' ~ tojson(leaf.where, sort_keys=true) ~ ':' ~ leaf.n -%}
  {{ return(key ~ (':within:' ~ leaf.within_s if leaf.within_s is not none else '')) }}
{%- endmacro %}
