{{ config(enabled=var('trig_demo', true)) }}
{{ trig.lifecycle_object() }}
