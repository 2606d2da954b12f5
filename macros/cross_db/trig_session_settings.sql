{#- Session settings for every model of the package, set by its pre-hook and reset by its
    post-hook (dbt_project.yml), so the customer's own models never see them.

    PostgreSQL estimates one row for a CTE it has not scanned and for a view filtered on
    a window function (the staged people and organisations keep one row per key that
    way), so it joins them with nested loops: an evaluation batch of the benchmark's
    demo data rescanned a materialised CTE 21,025 times (36 s, against 0.1 s with hash
    joins), and the roll-up totals of 1M events compared every event with every person
    (195 s). Nested loops are switched off, which only makes their cost prohibitive (a
    join without an equality condition still uses one); that cost in turn passes the JIT
    thresholds, and compiling thousands of expressions took 30 s for the same batch, so
    JIT is switched off too (ADR 016). Redshift inherits the postgres__ macros but has
    neither setting; DuckDB, Snowflake and BigQuery need none.

    `hash_joins`: merge joins off as well, for the running counts only. The same
    estimates make PostgreSQL sort large inputs for merge joins it thinks are small: the
    counts of the benchmark's full build at SF1 sorted 37M matched events on disk for a
    join with 339k rows (207 s; 141 s with hash joins; on the steady day 8.3 s → 5.9 s).
    Package-wide, the same setting took an evaluation batch of the steady day from
    3.2 s to 17.6 s, so it stays with the counts. -#}
{% macro trig_session_settings(hash_joins=false) -%}
  {{ return(adapter.dispatch('trig_session_settings', 'trig')(hash_joins)) }}
{%- endmacro %}

{% macro default__trig_session_settings(hash_joins) -%}{%- endmacro %}

{% macro postgres__trig_session_settings(hash_joins) -%}
  set enable_nestloop = off; set jit = off{% if hash_joins %}; set enable_mergejoin = off{% endif %}
{%- endmacro %}

{% macro redshift__trig_session_settings(hash_joins) -%}{%- endmacro %}

{% macro trig_reset_session_settings() -%}
  {{ return(adapter.dispatch('trig_reset_session_settings', 'trig')()) }}
{%- endmacro %}

{% macro default__trig_reset_session_settings() -%}{%- endmacro %}

{% macro postgres__trig_reset_session_settings() -%}
  reset enable_nestloop; reset enable_mergejoin; reset jit
{%- endmacro %}

{% macro redshift__trig_reset_session_settings() -%}{%- endmacro %}
