{#- A job episode's arm from the columns the engine's state keeps for it (ADR 407, 018):
    treated when none of its transitions is held out (and for other objects, whose
    columns are null), held_out when all are, reassigned when the share was edited
    mid-episode. `row`: the alias of the state row. -#}
{% macro trig_job_arm_sql(row) -%}
    case
        when coalesce({{ row }}.held_out_any, 0) = 0 then 'treated'
        when {{ row }}.held_out_all = 1 then 'held_out'
        else 'reassigned'
    end
{%- endmacro %}
