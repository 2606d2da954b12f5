{#- Event conditions whose counts are kept as running totals in
    int_trig__event_progress: every condition without a `within_last` window, of entry
    criteria (anchored at go-live or the end of the previous episode) and of episode
    criteria (anchored at the episode's entry). -#}
{% macro trig_progress_leaves(plan) -%}
  {%- set result = [] -%}
  {%- for name, c in plan.compiled.items() -%}
    {%- if c.obj.kind != 'objective' -%}
      {%- for leaf in c.entry_leaves if leaf.within_s is none -%}
        {%- do result.append({'key': trig.trig_leaf_key(c.obj, 'entry', leaf), 'obj': c.obj, 'context': 'entry', 'leaf': leaf}) -%}
      {%- endfor -%}
    {%- endif -%}
    {%- for leaf in c.episode_leaves if leaf.within_s is none -%}
      {%- do result.append({'key': trig.trig_leaf_key(c.obj, 'episode', leaf), 'obj': c.obj, 'context': 'episode', 'leaf': leaf}) -%}
    {%- endfor -%}
  {%- endfor -%}
  {{ return(result) }}
{%- endmacro %}

{#- Stable across runs and independent of evaluation order: what is counted, from which
    anchor, towards which count. -#}
{% macro trig_leaf_key(obj, context, leaf) -%}
  {{ return(obj.name ~ ':' ~ context ~ ':' ~ leaf.event ~ ':' ~ tojson(leaf.where, sort_keys=true) ~ ':' ~ leaf.n) }}
{%- endmacro %}
