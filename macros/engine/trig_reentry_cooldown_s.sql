{#- Seconds an entity waits after an episode before its entry events count again: the
    object's `re_entry: {after: ...}` cool-down, else 0. -#}
{% macro trig_reentry_cooldown_s(obj) -%}
  {{ return(obj.re_entry.cooldown_s if obj.re_entry.policy == 'after' and obj.re_entry.cooldown_s else 0) }}
{%- endmacro %}
