{#- true when this invocation rebuilds the transition log from the inputs
    (`dbt build --full-refresh` with trig_transitions selected). The models before it
    then work for an empty state: every episode is new, and the running counts are for
    the anchors of an empty state, not of the log that is about to be replaced. -#}
{% macro trig_log_is_rebuilt() -%}
  {{ return(flags.FULL_REFRESH and 'model.trig.trig_transitions' in selected_resources) }}
{%- endmacro %}
