{#- Warns (severity set in YAML) when inputs had rows the engine left out. -#}
{% test trig_quarantine_is_empty(model) %}
select * from {{ model }}
{% endtest %}
