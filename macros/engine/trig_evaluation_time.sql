{#- The evaluation time T: var `trig_evaluation_time`, else env TRIG_EVALUATION_TIME,
    else the run's start (UTC). Nothing in the engine reads the wall clock elsewhere. -#}
{% macro trig_evaluation_time() -%}
  {#- not read while parsing: a file that reads an env var at parse time is parsed again
      whenever the var changes, i.e. on every evaluation (nothing parsed depends on T) -#}
  {%- set value = (var('trig_evaluation_time', none) or env_var('TRIG_EVALUATION_TIME', ''))
      if execute else none -%}
  {%- if not value -%}
    {{ return(run_started_at.strftime('%Y-%m-%d %H:%M:%S')) }}
  {%- endif -%}
  {{ return(trig.trig_parse_timestamp(value | string, 'evaluation', 'trig_evaluation_time')) }}
{%- endmacro %}

{% macro trig_t() -%}
  {{ return(trig.trig_timestamp_literal(trig.trig_evaluation_time())) }}
{%- endmacro %}
