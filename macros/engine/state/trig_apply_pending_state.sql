{#- Applies this evaluation's pending transitions of the objects and Signals `names` to
    the state table (trig_update_episode_state). -#}
{% macro trig_apply_pending_state(pending, names) -%}
  {%- set literals = [] -%}
  {%- for name in names -%}{%- do literals.append(trig.trig_string_literal(name)) -%}{%- endfor -%}
  {%- do trig.trig_update_episode_state('(select * from ' ~ pending ~ ' where object_name in (' ~ literals | join(', ') ~ '))') -%}
{%- endmacro %}
