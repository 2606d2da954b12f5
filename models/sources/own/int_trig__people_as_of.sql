{{ config(enabled=trig.trig_input_snapshot_name('people') is not none, materialized='view') }}
{#- The user's people as they were at T, from the dbt snapshot named by var
    trig_people_snapshot (ADR 306): a replay at a past T sees the attributes of then. -#}
{{ trig.trig_snapshot_as_of('people') }}
