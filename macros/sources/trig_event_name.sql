{#- A raw event name in the engine's spelling: lower case, words joined by '_'
    ("Invoice Sent" -> invoice_sent). The seed trig_event_name_map (and a user's own
    mapping, var `trig_event_name_map_model`) renames specific names before that. -#}
{% macro trig_event_name(expression) -%}
  replace(replace(replace(lower(trim({{ expression }})), ' ', '_'), '-', '_'), '.', '_')
{%- endmacro %}
