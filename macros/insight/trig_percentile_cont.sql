{#- The continuous percentile (linear interpolation) of `expr` as an aggregate.
    fraction is a literal between 0 and 1. -#}
{% macro trig_percentile_cont(expr, fraction) -%}
  {{ return(adapter.dispatch('trig_percentile_cont', 'trig')(expr, fraction)) }}
{%- endmacro %}

{#- DuckDB, PostgreSQL, Snowflake and Redshift share the ordered-set aggregate. -#}
{% macro default__trig_percentile_cont(expr, fraction) -%}
  percentile_cont({{ fraction }}) within group (order by {{ expr }})
{%- endmacro %}

{#- BigQuery has percentile_cont only as a window function; its aggregate is
    approx_quantiles: 1000 quantiles keep the error under 0.1 percentile point. -#}
{% macro bigquery__trig_percentile_cont(expr, fraction) -%}
  approx_quantiles({{ expr }}, 1000)[offset({{ (fraction * 1000) | round | int }})]
{%- endmacro %}
