{#- A stage's (or one objective's) `signals:` block, checked and normalised
    (docs/decisions/405-signal-benchmarks.md, 406-positive-signals.md):
      min_completions  completions needed before any benchmark exists (10)
      threshold        slow completer: past threshold x benchmark (2.0)
      benchmark        mean | median | p1..p99 (var trig_signal_benchmark, mean)
      fast             true or {threshold: 0.5, lasts: 30 days}: fast completers
      usage            stage only: [{name, criteria}] usage-threshold Signals
    An objective's block overrides its stage's, key by key (usage excepted). -#}
{% macro trig_signal_keys(level) -%}
  {%- set keys = ['min_completions', 'threshold', 'benchmark', 'fast'] -%}
  {{ return(keys + ['usage'] if level == 'stage' else keys) }}
{%- endmacro %}

{% macro trig_normalize_signals(object_name, spec, level, defaults=none) -%}
  {%- set spec = {} if spec is none else spec -%}
  {%- if spec is not mapping -%}
    {{ trig.trig_config_error(object_name, 'signals', 'expected a mapping with any of ' ~ trig.trig_signal_keys(level) | join(', ')) }}
  {%- endif -%}
  {%- for key in spec.keys() if key not in trig.trig_signal_keys(level) -%}
    {{ trig.trig_config_error(object_name, 'signals.' ~ key, 'unknown Signal setting' ~ (' (usage Signals are declared on the stage)' if key == 'usage' else ''), key, trig.trig_signal_keys(level)) }}
  {%- endfor -%}
  {%- set base = defaults if defaults is not none else {
      'min_completions': var('trig_signal_min_completions', 10),
      'threshold': var('trig_signal_threshold', 2.0),
      'benchmark': var('trig_signal_benchmark', 'mean'),
      'fast': none, 'usage': []} -%}
  {%- set out = {
      'min_completions': trig.trig_positive_number(spec.get('min_completions', base.min_completions), object_name, 'signals.min_completions', integer=true),
      'threshold': trig.trig_positive_number(spec.get('threshold', base.threshold), object_name, 'signals.threshold'),
      'benchmark': trig.trig_parse_benchmark(spec.get('benchmark', base.benchmark), object_name, 'signals.benchmark'),
      'fast': trig.trig_normalize_fast_signal(spec.get('fast'), object_name) if 'fast' in spec else base.fast,
      'usage': trig.trig_normalize_usage_signals(spec.get('usage') or [], object_name) if level == 'stage' else []
  } -%}
  {{ return(out) }}
{%- endmacro %}

{#- mean | median | pNN -> {name, fraction}: fraction none for the mean. -#}
{% macro trig_parse_benchmark(value, object_name, key) -%}
  {#- an objective inherits its stage's, already parsed -#}
  {%- if value is mapping -%}{{ return(value) }}{%- endif -%}
  {%- set text = value | string | trim | lower -%}
  {%- if text == 'mean' -%}{{ return({'name': 'mean', 'fraction': none}) }}{%- endif -%}
  {%- if text == 'median' -%}{{ return({'name': 'median', 'fraction': 0.5}) }}{%- endif -%}
  {%- set m = modules.re.match('^p(\\d{1,2})$', text) -%}
  {%- if m is not none and (m.group(1) | int) >= 1 -%}
    {{ return({'name': 'p' ~ (m.group(1) | int), 'fraction': (m.group(1) | int) / 100.0}) }}
  {%- endif -%}
  {%- set valid = ['mean', 'median'] -%}
  {%- for p in range(1, 100) -%}{%- do valid.append('p' ~ p) -%}{%- endfor -%}
  {{ trig.trig_config_error(object_name, key, "unknown benchmark '" ~ value ~ "'; use mean, median or a percentile p1 to p99 (e.g. p75)", text, valid) }}
{%- endmacro %}

{% macro trig_positive_number(value, object_name, key, integer=false) -%}
  {%- set text = value | string | trim -%}
  {%- set pattern = '^\\d+$' if integer else '^\\d+(\\.\\d+)?$' -%}
  {%- if value is sameas true or value is sameas false or modules.re.match(pattern, text) is none or (text | float) <= 0 -%}
    {{ trig.trig_config_error(object_name, key, "'" ~ value ~ "' is not a positive " ~ ('whole number' if integer else 'number')) }}
  {%- endif -%}
  {{ return(text | int if integer else text | float) }}
{%- endmacro %}

{#- fast: true | {threshold: 0.5, lasts: 30 days}: an objective completed in less than
    threshold x benchmark raises a positive Signal that stays active `lasts`. -#}
{% macro trig_normalize_fast_signal(value, object_name) -%}
  {%- if value is sameas false or value is none -%}{{ return(none) }}{%- endif -%}
  {%- set spec = {} if value is sameas true else value -%}
  {%- if spec is not mapping -%}
    {{ trig.trig_config_error(object_name, 'signals.fast', "expected true or a mapping like {threshold: 0.5, lasts: 30 days}") }}
  {%- endif -%}
  {%- for key in spec.keys() if key not in ['threshold', 'lasts'] -%}
    {{ trig.trig_config_error(object_name, 'signals.fast.' ~ key, 'unknown setting', key, ['threshold', 'lasts']) }}
  {%- endfor -%}
  {%- set threshold = trig.trig_positive_number(spec.get('threshold', 0.5), object_name, 'signals.fast.threshold') -%}
  {%- if threshold >= 1 -%}
    {{ trig.trig_config_error(object_name, 'signals.fast.threshold', "'" ~ threshold ~ "' must be below 1: a fast completer takes less than threshold x the benchmark") }}
  {%- endif -%}
  {{ return({'threshold': threshold, 'lasts_s': trig.trig_parse_duration(spec.get('lasts', '30 days'), object_name, 'signals.fast.lasts')}) }}
{%- endmacro %}

{#- usage: [{name, criteria}]: criteria over current attributes (roll-ups count
    events); checked against the catalogue when the engine compiles the stage. -#}
{% macro trig_normalize_usage_signals(value, object_name) -%}
  {%- if value is string or value is mapping -%}
    {{ trig.trig_config_error(object_name, 'signals.usage', 'expected a list of {name, criteria}') }}
  {%- endif -%}
  {%- set out = [] -%}
  {%- for item in value -%}
    {%- set key = 'signals.usage[' ~ loop.index0 ~ ']' -%}
    {%- if item is not mapping or item.get('name') is none or item.get('criteria') is none -%}
      {{ trig.trig_config_error(object_name, key, 'each usage Signal needs a `name` and `criteria`') }}
    {%- endif -%}
    {%- for k in item.keys() if k not in ['name', 'criteria', 'description'] -%}
      {{ trig.trig_config_error(object_name, key ~ '.' ~ k, 'unknown setting', k, ['name', 'criteria', 'description']) }}
    {%- endfor -%}
    {%- do out.append({'name': trig.trig_object_name(item.get('name')), 'criteria': item.get('criteria')}) -%}
  {%- endfor -%}
  {{ return(out) }}
{%- endmacro %}
