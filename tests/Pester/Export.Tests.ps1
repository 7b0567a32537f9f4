BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $sandbox = Start-TestSandbox
    Connect-TestSandbox $sandbox
    $DatapointsRoute = 'PUT /api/v1/ca/{ca}/datapoints'
    $Day = [datetimeoffset]::new(2024, 5, 1, 0, 0, 0, [timespan]::Zero)
    $solink = Get-SoDataCorporateAccount -Name SoLink
    $devices = @($solink | Get-SoDataDevice)
    $delphys = $devices | Where-Object SerialNumber -EQ '1D15350041'
    $variables = @($delphys | Get-SoDataVariable)
    $seven = @($variables | Select-Object -First 7)

    $folder = Join-Path ([IO.Path]::GetTempPath()) ("sodata-export-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $folder

    # Temporary files the export left behind (there should never be any).
    function Get-Leftover { @(Get-ChildItem -LiteralPath $folder -Force -Filter '*.tmp') }

    # Ctrl+C in the middle of an export: the temporary file goes, the target stays as it was. Only the datapoints
    # requests are slow: Connect-SoData's check of the API answers at once.
    function Assert-StoppedExportLeavesNoFile([string] $FileName) {
        $slow = Start-TestSandbox '--slow-rate', '1', '--slow-ms', '60000', '--fault-path', 'datapoints'
        $ps = [powershell]::Create()
        try {
            $path = Join-Path $folder $FileName
            Set-Content -LiteralPath $path -Value 'before'
            $null = $ps.AddScript({
                    param($ModulePath, $Url, $Path, $Device)
                    Import-Module $ModulePath
                    $credential = [pscredential]::new('admin@sandbox.local', (ConvertTo-SecureString 'sandbox' -AsPlainText -Force))
                    Connect-SoData -ApiUrl $Url -AuthUrl $Url -ClientId 'sodata-sandbox' -ClientSecret (ConvertTo-SecureString 'sandbox-secret' -AsPlainText -Force) -Credential $credential
                    Export-SoDataDatapoint -DeviceUuid $Device.Uuid -CorporateAccountUuid $Device.CorporateAccountUuid -Series 'Global|0|140100' -Path $Path -Force
                }).AddParameters(@{ ModulePath = $ModulePath; Url = $slow.Url; Path = $path; Device = $delphys })
            $async = $ps.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(30)
            while (-not (Get-Leftover) -and [datetime]::UtcNow -lt $deadline -and -not $async.IsCompleted) { Start-Sleep -Milliseconds 100 }
            Get-Leftover | Should -Not -BeNullOrEmpty -Because 'the export writes to a temporary file first'
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
            Get-Leftover | Should -BeNullOrEmpty
            Get-Content -LiteralPath $path | Should -Be 'before'
        }
        finally { $ps.Dispose(); $slow | Stop-SoDataSandbox }
    }
    function Get-Header([string] $Path) { (Get-Content -LiteralPath $Path -TotalCount 1) -split ',' }

    # Workbooks are read back with the Open XML SDK (restored with tests/SoData.Tests), not with the library that wrote them.
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { ((& dotnet nuget locals global-packages --list | Select-Object -Last 1) -replace '^\s*global-packages:\s*', '').Trim() }
    foreach ($name in 'documentformat.openxml.framework', 'documentformat.openxml') {
        $dll = Get-ChildItem (Join-Path $packages "$name/3.3.0/lib/net8.0") -Filter *.dll | Select-Object -First 1
        Add-Type -Path $dll.FullName
    }

    # Each sheet: its name, frozen rows, autofilter, and rows of cells { Kind (Text, Number, DateTime, Empty); Value }.
    function Read-Workbook([string] $Path) {
        $document = [DocumentFormat.OpenXml.Packaging.SpreadsheetDocument]::Open($Path, $false)
        try {
            $workbook = $document.WorkbookPart
            $stylesheet = $workbook.WorkbookStylesPart.Stylesheet
            $formats = @($stylesheet.CellFormats.ChildElements)
            $codes = @{}
            if ($stylesheet.NumberingFormats) { foreach ($f in $stylesheet.NumberingFormats.ChildElements) { $codes[[uint32]$f.NumberFormatId.Value] = $f.FormatCode.Value } }
            foreach ($sheet in $workbook.Workbook.Sheets.ChildElements) {
                $part = $workbook.GetPartById($sheet.Id.Value)
                if ($part -isnot [DocumentFormat.OpenXml.Packaging.WorksheetPart]) { continue } # a chart sheet: see Read-Chart
                $rows = foreach ($row in $part.Worksheet.Descendants[DocumentFormat.OpenXml.Spreadsheet.Row]()) {
                    , @(foreach ($cell in $row.ChildElements) {
                            if ($cell.DataType -and $cell.DataType.Value.Equals([DocumentFormat.OpenXml.Spreadsheet.CellValues]::InlineString)) { [pscustomobject]@{ Kind = 'Text'; Value = $cell.InlineString.InnerText } }
                            elseif (-not $cell.CellValue) { [pscustomobject]@{ Kind = 'Empty'; Value = $null } }
                            else {
                                $number = [double]::Parse($cell.CellValue.Text, [cultureinfo]::InvariantCulture)
                                $code = if ($cell.StyleIndex) { $codes[[uint32]$formats[[int]$cell.StyleIndex.Value].NumberFormatId.Value] }
                                if ($code -like '*yy*h*') { [pscustomobject]@{ Kind = 'DateTime'; Value = [datetime]::FromOADate($number) } }
                                else { [pscustomobject]@{ Kind = 'Number'; Value = $number } }
                            }
                        })
                }
                $pane = $part.Worksheet.Descendants[DocumentFormat.OpenXml.Spreadsheet.Pane]() | Select-Object -First 1
                $filter = $part.Worksheet.Descendants[DocumentFormat.OpenXml.Spreadsheet.AutoFilter]() | Select-Object -First 1
                $table = @($part.TableDefinitionParts) | Select-Object -First 1
                [pscustomobject]@{
                    Name       = $sheet.Name.Value
                    FrozenRows = if ($pane -and $pane.State.Value.Equals([DocumentFormat.OpenXml.Spreadsheet.PaneStateValues]::Frozen)) { [int]$pane.VerticalSplit.Value } else { 0 }
                    AutoFilter = if ($filter) { $filter.Reference.Value }
                    Table      = if ($table) { $table.Table.Reference.Value }
                    Rows       = @($rows)
                }
            }
        }
        finally { $document.Dispose() }
    }
    # Every sheet's name, chart sheets included, and each chart: its title, value axis title and series' formulas.
    function Read-Chart([string] $Path) {
        $document = [DocumentFormat.OpenXml.Packaging.SpreadsheetDocument]::Open($Path, $false)
        try {
            $workbook = $document.WorkbookPart
            foreach ($sheet in $workbook.Workbook.Sheets.ChildElements) {
                $part = $workbook.GetPartById($sheet.Id.Value)
                if ($part -isnot [DocumentFormat.OpenXml.Packaging.ChartsheetPart]) { continue }
                foreach ($chartPart in $part.DrawingsPart.ChartParts) {
                    $chart = $chartPart.ChartSpace.GetFirstChild[DocumentFormat.OpenXml.Drawing.Charts.Chart]()
                    $plot = $chart.PlotArea
                    $line = $plot.GetFirstChild[DocumentFormat.OpenXml.Drawing.Charts.LineChart]()
                    [pscustomobject]@{
                        Sheet     = $sheet.Name.Value
                        Title     = $chart.Title.InnerText
                        ValueAxis = $plot.GetFirstChild[DocumentFormat.OpenXml.Drawing.Charts.ValueAxis]().GetFirstChild[DocumentFormat.OpenXml.Drawing.Charts.Title]().InnerText
                        Series    = @(foreach ($series in $line.Elements[DocumentFormat.OpenXml.Drawing.Charts.LineChartSeries]()) {
                                [pscustomobject]@{
                                    Name   = $series.SeriesText.StringReference.Formula.Text
                                    Times  = $series.GetFirstChild[DocumentFormat.OpenXml.Drawing.Charts.CategoryAxisData]().NumberReference.Formula.Text
                                    Values = $series.GetFirstChild[DocumentFormat.OpenXml.Drawing.Charts.Values]().NumberReference.Formula.Text
                                }
                            })
                    }
                }
            }
        }
        finally { $document.Dispose() }
    }

    # What the Open XML SDK's validator finds wrong: nothing, for every workbook these tests write.
    function Test-Workbook([string] $Path) {
        $document = [DocumentFormat.OpenXml.Packaging.SpreadsheetDocument]::Open($Path, $false)
        try {
            @([DocumentFormat.OpenXml.Validation.OpenXmlValidator]::new([DocumentFormat.OpenXml.FileFormatVersions]::Office2019).Validate($document) |
                    ForEach-Object { "$($_.Part.Uri) $($_.Path.XPath): $($_.Description)" })
        }
        finally { $document.Dispose() }
    }
    $paris = [TimeZoneInfo]::FindSystemTimeZoneById('Europe/Paris')
}

AfterAll {
    Disconnect-SoData
    $sandbox | Stop-SoDataSandbox
    Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction Ignore
}

Describe 'Export-SoDataDatapoint' {
    It 'writes the same points as Get-SoDataDatapoint, with its property names as columns, in several batches' {
        $path = Join-Path $folder 'raw.csv'
        $from = $Day.AddHours(18); $to = $Day.AddHours(30) # crosses a day window
        $expected = @($seven | Get-SoDataDatapoint -From $from -To $to -BatchSize 3)
        Reset-SoDataSandboxStats $sandbox
        $seven | Export-SoDataDatapoint -Path $path -From $from -To $to -BatchSize 3
        Get-RouteCount $sandbox $DatapointsRoute | Should -Be 6 # 3 batches x 2 day windows

        Get-Header $path | Should -Be @($expected[0].PSObject.Properties.Name)
        $rows = @(Import-Csv -LiteralPath $path)
        $rows.Count | Should -Be $expected.Count
        $rows.Count | Should -Be (7 * 12 * 3600 / 300)
        for ($i = 0; $i -lt $rows.Count; $i++) {
            [datetimeoffset]::Parse($rows[$i].Timestamp, [cultureinfo]::InvariantCulture) | Should -Be $expected[$i].Timestamp
            [double]::Parse($rows[$i].Value, [cultureinfo]::InvariantCulture) | Should -Be $expected[$i].Value
            $rows[$i].StreamRef | Should -Be $expected[$i].StreamRef
            $rows[$i].DeviceUuid | Should -Be $expected[$i].DeviceUuid
        }
        $rows[0].DeviceName | Should -Be $delphys.Name
        $rows[0].Title | Should -Be $seven[0].Title
        $rows[0].Unit | Should -Be $seven[0].Unit
        $rows[0].Granularity | Should -Be 'Raw'
        $rows[0].Aggregation | Should -Be ''
        $rows[0].CorporateAccountUuid | Should -Be $solink.Uuid
        $rows[0].Timestamp | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$'
        Get-Leftover | Should -BeNullOrEmpty
    }

    It 'writes aggregated points of -Device/-Series in a time zone, like Get-SoDataDatapoint' {
        $path = Join-Path $folder 'hourly.csv'
        $query = @{ Device = $delphys; Series = 'Global|0|140100', 'Unit|1|140108'; From = $Day; To = $Day.AddDays(2); Granularity = 'Hour'; Aggregation = 'Max'; TimeZone = 'Europe/Paris' }
        $expected = @(Get-SoDataDatapoint @query)
        Export-SoDataDatapoint @query -Path $path
        $rows = @(Import-Csv -LiteralPath $path)
        $rows.Count | Should -Be $expected.Count
        for ($i = 0; $i -lt $rows.Count; $i++) {
            [datetimeoffset]::Parse($rows[$i].Timestamp, [cultureinfo]::InvariantCulture) | Should -Be $expected[$i].Timestamp
            [double]::Parse($rows[$i].Value, [cultureinfo]::InvariantCulture) | Should -Be $expected[$i].Value
        }
        $rows[0].Aggregation | Should -Be 'Max'
        $rows[0].Granularity | Should -Be 'Hour'
    }

    It 'writes numbers and dates in the invariant culture whatever the current one' {
        $path = Join-Path $folder 'culture.csv'
        $culture = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            Export-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -From $Day -To $Day.AddHours(2) -Path $path
        }
        finally { [cultureinfo]::CurrentCulture = $culture }
        $rows = @(Import-Csv -LiteralPath $path)
        $rows.Count | Should -Be 24
        $rows.Value | Where-Object { $_ -notmatch '^-?\d+(\.\d+)?$' } | Should -BeNullOrEmpty
        $rows[0].Timestamp | Should -Be '2024-05-01T00:00:00+00:00'
    }

    It 'writes the -Pivot layout of Get-SoDataDatapoint -Pivot: Timestamp, then a column per series label' {
        $path = Join-Path $folder 'pivot.csv'
        $two = @($devices | Select-Object -First 2 | Get-SoDataVariable -StreamRef 'Global|0|140100')
        $from = $Day.AddHours(20); $to = $Day.AddHours(28)
        $expected = @($two | Get-SoDataDatapoint -From $from -To $to -TimeZone 'Europe/Paris' -Pivot)
        $two | Export-SoDataDatapoint -Path $path -From $from -To $to -TimeZone 'Europe/Paris' -Pivot
        Get-Header $path | Should -Be @($expected[0].PSObject.Properties.Name)
        $rows = @(Import-Csv -LiteralPath $path)
        $rows.Count | Should -Be $expected.Count
        $rows.Count | Should -Be (8 * 3600 / 300)
        $labels = @($expected[0].PSObject.Properties.Name | Select-Object -Skip 1)
        for ($i = 0; $i -lt $rows.Count; $i++) {
            $time = [datetimeoffset]::Parse($rows[$i].Timestamp, [cultureinfo]::InvariantCulture)
            $time | Should -Be $expected[$i].Timestamp
            $time.DateTime | Should -Be $expected[$i].Timestamp.DateTime
            $time.Offset | Should -Be ([timespan]::FromHours(2)) # Paris in May
            foreach ($label in $labels) { [double]$rows[$i].$label | Should -Be $expected[$i].$label }
        }
        Get-Leftover | Should -BeNullOrEmpty
    }

    It 'refuses to replace an existing file without -Force, naming -Path, and leaves it untouched' {
        $path = Join-Path $folder 'existing.csv'
        Set-Content -LiteralPath $path -Value 'keep me'
        Reset-SoDataSandboxStats $sandbox
        { Export-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -From $Day -To $Day.AddHours(1) -Path $path } |
            Should -Throw -ErrorId 'FileExists,SoData.Cmdlets.ExportSoDataDatapointCommand' -ExpectedMessage '*-Path*-Force*'
        Get-Content -LiteralPath $path | Should -Be 'keep me'
        Get-RouteCount $sandbox $DatapointsRoute | Should -Be 0
    }

    It 'replaces it with -Force and returns the FileInfo with -PassThru' {
        $path = Join-Path $folder 'existing.csv'
        Set-Content -LiteralPath $path -Value 'old'
        $file = Export-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -From $Day -To $Day.AddHours(1) -Path $path -Force -PassThru
        $file | Should -BeOfType [System.IO.FileInfo]
        $file.FullName | Should -Be (Get-Item -LiteralPath $path).FullName
        @(Import-Csv -LiteralPath $path).Count | Should -Be 12
        Export-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -From $Day -To $Day.AddHours(1) -Path $path -Force | Should -BeNullOrEmpty
    }

    It 'does nothing with -WhatIf: no request, no file' {
        $path = Join-Path $folder 'whatif.csv'
        Reset-SoDataSandboxStats $sandbox
        Export-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -From $Day -To $Day.AddHours(1) -Path $path -WhatIf
        $path | Should -Not -Exist
        Get-RouteCount $sandbox $DatapointsRoute | Should -Be 0
        Get-Leftover | Should -BeNullOrEmpty
    }

    It 'writes no file, and leaves an existing one untouched, when a later batch fails (unknown device)' {
        $path = Join-Path $folder 'failing.csv'
        $inputs = @(
            [pscustomobject]@{ DeviceUuid = $delphys.Uuid; Series = 'Global|0|140100' }
            [pscustomobject]@{ DeviceUuid = ($devices | Where-Object Uuid -NE $delphys.Uuid)[0].Uuid; Series = 'Global|0|140100' }
            [pscustomobject]@{ DeviceUuid = [guid]::NewGuid().ToString(); Series = 'Global|0|140100' }
        )
        Reset-SoDataSandboxStats $sandbox
        $err = { $inputs | Export-SoDataDatapoint -Path $path -CorporateAccountUuid $solink.Uuid -From $Day -To $Day.AddHours(1) -BatchSize 1 } |
            Should -Throw -ErrorId 'ApiNotFound,SoData.Cmdlets.ExportSoDataDatapointCommand' -PassThru
        $err.ErrorDetails.Message | Should -BeLike "*Device '$($inputs[2].DeviceUuid)' not found*was not written*"
        Get-RouteCount $sandbox $DatapointsRoute | Should -Be 3
        $path | Should -Not -Exist
        Get-Leftover | Should -BeNullOrEmpty

        Set-Content -LiteralPath $path -Value 'previous export'
        { $inputs | Export-SoDataDatapoint -Path $path -CorporateAccountUuid $solink.Uuid -From $Day -To $Day.AddHours(1) -BatchSize 1 -Force } | Should -Throw
        Get-Content -LiteralPath $path | Should -Be 'previous export'
        Get-Leftover | Should -BeNullOrEmpty
    }

    It 'writes no file when every request fails (503, no retries)' {
        $faulty = Start-TestSandbox '--fault-rate', '1', '--fault-path', 'datapoints'
        try {
            $session = Connect-SoData -ApiUrl $faulty.Url -AuthUrl $faulty.Url -ClientId $SandboxClientId `
                -ClientSecret (ConvertTo-SecureString $SandboxSecretText -AsPlainText -Force) -Credential (New-SandboxCredential) -MaxRetries 0 -PassThru
            $path = Join-Path $folder 'faulty.csv'
            { Export-SoDataDatapoint -Session $session -Device $delphys -Series 'Global|0|140100' -From $Day -To $Day.AddDays(3) -Path $path } |
                Should -Throw -ErrorId 'ApiServerError,SoData.Cmdlets.ExportSoDataDatapointCommand'
            $path | Should -Not -Exist
            Get-Leftover | Should -BeNullOrEmpty
        }
        finally {
            $faulty | Stop-SoDataSandbox
            Connect-TestSandbox $sandbox # Connect-SoData made the faulty session the default one
        }
    }

    It 'deletes its temporary file and leaves the target untouched when stopped (Ctrl+C)' {
        Assert-StoppedExportLeavesNoFile 'stopped.csv'
    }

    It 'takes -LiteralPath as typed, and writes a BOM only with -Encoding utf8BOM' {
        $path = Join-Path $folder '[week].csv'
        Export-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -From $Day -To $Day.AddHours(1) -LiteralPath $path
        $bytes = [IO.File]::ReadAllBytes($path)
        $bytes[0] | Should -Be ([byte][char]'T')
        Export-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -From $Day -To $Day.AddHours(1) -LiteralPath $path -Force -Encoding utf8BOM
        $bytes = [IO.File]::ReadAllBytes($path)
        $bytes[0..2] | Should -Be @(0xEF, 0xBB, 0xBF)
    }

    It 'takes -Encoding as Export-Csv does: a name, a code page or an Encoding object' {
        $path = Join-Path $folder 'encodings.csv'
        Export-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -From $Day -To $Day.AddHours(1) -Path $path -Encoding 1200
        [IO.File]::ReadAllBytes($path)[0..1] | Should -Be @(0xFF, 0xFE)
        Export-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -From $Day -To $Day.AddHours(1) -Path $path -Force -Encoding ([Text.Encoding]::BigEndianUnicode)
        [IO.File]::ReadAllBytes($path)[0..1] | Should -Be @(0xFE, 0xFF)
        (Get-Command Export-SoDataDatapoint).Parameters['Encoding'].ParameterType | Should -Be ([Text.Encoding])
    }

    It 'checks what the user typed before any request' {
        $path = Join-Path $folder 'invalid.csv'
        { Export-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -Aggregation Max -Path $path } | Should -Throw -ErrorId 'AggregationWithRawGranularity,*'
        { Export-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -From $Day -To $Day -Path $path } | Should -Throw -ErrorId 'FromNotBeforeTo,*'
        { Export-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -Path (Join-Path $folder 'no/such/folder.csv') } | Should -Throw -ErrorId 'FolderNotFound,*'
        { Export-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -Path $path -Encoding 'no-such-encoding' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*' -ExpectedMessage "*-Encoding*'no-such-encoding'*utf8BOM*"
        $path | Should -Not -Exist
    }
}

Describe 'Export-SoDataDatapoint to an Excel workbook' {
    It 'writes the points of Get-SoDataDatapoint with the CSV columns: date-times in -TimeZone, numbers, text' {
        $path = Join-Path $folder 'raw.xlsx'
        $query = @{ From = $Day.AddHours(18); To = $Day.AddHours(30); TimeZone = 'Europe/Paris'; BatchSize = 3 }
        $expected = @($seven | Get-SoDataDatapoint @query)
        $seven | Export-SoDataDatapoint -Path $path @query
        $seven | Export-SoDataDatapoint -Path (Join-Path $folder 'raw-same.csv') @query

        $sheet = @(Read-Workbook $path)
        $sheet.Count | Should -Be 1
        $sheet[0].Name | Should -Be 'Datapoints'
        $sheet[0].FrozenRows | Should -Be 1
        $sheet[0].Table | Should -Be "A1:M$(7 * 12 * 3600 / 300 + 1)"
        Test-Workbook $path | Should -BeNullOrEmpty
        $rows = $sheet[0].Rows
        $rows[0][0].Value | Should -Be 'Timestamp (Europe/Paris)'
        @($rows[0].Value | Select-Object -Skip 1) | Should -Be @(Get-Header (Join-Path $folder 'raw-same.csv') | Select-Object -Skip 1)
        @($rows[0].Kind | Sort-Object -Unique) | Should -Be 'Text'
        $rows.Count - 1 | Should -Be $expected.Count
        $rows.Count - 1 | Should -Be (7 * 12 * 3600 / 300)
        for ($i = 0; $i -lt $expected.Count; $i++) {
            $row = $rows[$i + 1]
            $row[0].Kind | Should -Be 'DateTime'
            $row[0].Value | Should -Be ([TimeZoneInfo]::ConvertTime($expected[$i].Timestamp, $paris).DateTime)
            $row[1].Kind | Should -Be 'Number'
            $row[1].Value | Should -Be $expected[$i].Value
            $row[9].Value | Should -Be $expected[$i].StreamRef
        }
        $first = $rows[1]
        $first[0].Value | Should -Be ([datetime]'2024-05-01T20:00:00') # 18:00 UTC is 20:00 in Paris in May
        ($first[2].Kind, $first[2].Value) | Should -Be @('Text', $delphys.Uuid)
        $first[3].Value | Should -Be $delphys.Name
        ($first[7].Kind, $first[8].Kind) | Should -Be @('Number', 'Number') # ItemIndex, ServiceId
        $first[8].Value | Should -Be $expected[0].ServiceId
        $first[10].Value | Should -Be 'Raw'
        $first[11].Kind | Should -Be 'Empty' # no aggregation for raw points
        Get-Leftover | Should -BeNullOrEmpty
    }

    It 'writes the -Pivot of Get-SoDataDatapoint -Pivot: a date-time column, then a number column per series' {
        $path = Join-Path $folder 'pivot.xlsx'
        $two = @($devices | Select-Object -First 2 | Get-SoDataVariable -StreamRef 'Global|0|140100')
        $query = @{ From = $Day.AddHours(20); To = $Day.AddHours(28); TimeZone = 'Europe/Paris'; Pivot = $true }
        $expected = @($two | Get-SoDataDatapoint @query)
        $two | Export-SoDataDatapoint -Path $path @query
        $rows = (Read-Workbook $path)[0].Rows
        $rows[0][0].Value | Should -Be 'Timestamp (Europe/Paris)'
        @($rows[0].Value | Select-Object -Skip 1) | Should -Be @($expected[0].PSObject.Properties.Name | Select-Object -Skip 1)
        $rows.Count - 1 | Should -Be $expected.Count
        $labels = @($expected[0].PSObject.Properties.Name | Select-Object -Skip 1)
        $labels.Count | Should -Be 2
        for ($i = 0; $i -lt $expected.Count; $i++) {
            $row = $rows[$i + 1]
            $row[0].Kind | Should -Be 'DateTime'
            $row[0].Value | Should -Be $expected[$i].Timestamp.DateTime # the wall time in Paris, as Get-SoDataDatapoint -Pivot gives it (at +02:00)
            for ($c = 0; $c -lt $labels.Count; $c++) {
                $row[$c + 1].Kind | Should -Be 'Number'
                $row[$c + 1].Value | Should -Be $expected[$i].($labels[$c])
            }
        }
        $rows[1][0].Value | Should -Be ([datetime]'2024-05-01T22:00:00')
    }

    It 'goes on in a new sheet, with the header again, when a sheet is full' {
        $cap = [SoData.Output.XlsxTableWriter].GetProperty('RowsPerSheet', [Reflection.BindingFlags]'NonPublic,Static')
        $before = $cap.GetValue($null)
        $cap.SetValue($null, 50) # a header and 49 rows; Excel's own limit is 1,048,576
        try {
            $path = Join-Path $folder 'split.xlsx'
            Export-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -From $Day -To $Day.AddHours(12) -Path $path
        }
        finally { $cap.SetValue($null, $before) }
        $sheets = @(Read-Workbook $path)
        $sheets.Name | Should -Be @('Datapoints', 'Datapoints (2)', 'Datapoints (3)')
        $sheets | ForEach-Object { $_.Rows.Count } | Should -Be @(50, 50, 47)
        $sheets | ForEach-Object { $_.Rows[0][0].Value } | Should -Be @('Timestamp (UTC)', 'Timestamp (UTC)', 'Timestamp (UTC)')
        $sheets.Table | Should -Be @('A1:M50', 'A1:M50', 'A1:M47')
        Test-Workbook $path | Should -BeNullOrEmpty
        $times = @($sheets | ForEach-Object { $_.Rows | Select-Object -Skip 1 | ForEach-Object { $_[0].Value } })
        $times.Count | Should -Be 144
        $times[0] | Should -Be ([datetime]'2024-05-01T00:00:00')
        $times[143] | Should -Be ([datetime]'2024-05-01T11:55:00')
    }

    It 'writes no workbook, and leaves an existing one untouched, when a later batch fails' {
        $path = Join-Path $folder 'failing.xlsx'
        $inputs = @(
            [pscustomobject]@{ DeviceUuid = $delphys.Uuid; Series = 'Global|0|140100' }
            [pscustomobject]@{ DeviceUuid = [guid]::NewGuid().ToString(); Series = 'Global|0|140100' }
        )
        { $inputs | Export-SoDataDatapoint -Path $path -CorporateAccountUuid $solink.Uuid -From $Day -To $Day.AddHours(1) -BatchSize 1 } |
            Should -Throw -ErrorId 'ApiNotFound,SoData.Cmdlets.ExportSoDataDatapointCommand'
        $path | Should -Not -Exist
        Get-Leftover | Should -BeNullOrEmpty

        Set-Content -LiteralPath $path -Value 'previous workbook'
        { $inputs | Export-SoDataDatapoint -Path $path -CorporateAccountUuid $solink.Uuid -From $Day -To $Day.AddHours(1) -BatchSize 1 -Force } | Should -Throw
        Get-Content -LiteralPath $path | Should -Be 'previous workbook'
        Get-Leftover | Should -BeNullOrEmpty
    }

    It 'deletes its temporary workbook and leaves the target untouched when stopped (Ctrl+C)' {
        Assert-StoppedExportLeavesNoFile 'stopped.xlsx'
    }

    It 'loads SpreadCheetah from the module''s Dependencies into the module''s own load context, not the default one' {
        Export-SoDataDatapoint -Device $delphys -Series 'Global|0|140100' -From $Day -To $Day.AddHours(1) -Path (Join-Path $folder 'isolated.xlsx')
        $loaded = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'SpreadCheetah' })
        $loaded.Count | Should -BeGreaterThan 0
        $own = $loaded | Where-Object Location -EQ (Join-Path (Split-Path $ModulePath) 'Dependencies/SpreadCheetah.dll')
        $own | Should -Not -BeNullOrEmpty
        [Runtime.Loader.AssemblyLoadContext]::GetLoadContext($own) | Should -Not -Be ([Runtime.Loader.AssemblyLoadContext]::Default)
    }

    It 'loads the Open XML SDK for charts from the module''s Dependencies into the module''s own load context too' {
        $two = @($delphys | Get-SoDataVariable -StreamRef 'Global|0|140100', 'Unit|1|140108')
        $two | Export-SoDataDatapoint -From $Day -To $Day.AddHours(6) -Granularity Hour -Pivot -Chart -Path (Join-Path $folder 'isolated-chart.xlsx')
        $own = [AppDomain]::CurrentDomain.GetAssemblies() |
            Where-Object { $_.GetName().Name -eq 'DocumentFormat.OpenXml' -and $_.Location -eq (Join-Path (Split-Path $ModulePath) 'Dependencies/DocumentFormat.OpenXml.dll') }
        $own | Should -Not -BeNullOrEmpty
        [Runtime.Loader.AssemblyLoadContext]::GetLoadContext($own) | Should -Not -Be ([Runtime.Loader.AssemblyLoadContext]::Default)
    }

    It 'takes the format from the extension or -Format, and refuses a mismatch or an unknown extension before any request' {
        $one = @{ Device = $delphys; Series = 'Global|0|140100'; From = $Day; To = $Day.AddHours(1) }
        Reset-SoDataSandboxStats $sandbox
        { Export-SoDataDatapoint @one -Path (Join-Path $folder 'mismatch.xlsx') -Format Csv } |
            Should -Throw -ErrorId 'FormatMismatch,*' -ExpectedMessage '*-Format Csv*.xlsx*'
        { Export-SoDataDatapoint @one -Path (Join-Path $folder 'mismatch.csv') -Format Xlsx } | Should -Throw -ErrorId 'FormatMismatch,*'
        { Export-SoDataDatapoint @one -Path (Join-Path $folder 'report.dat') } |
            Should -Throw -ErrorId 'UnknownFileFormat,*' -ExpectedMessage '*.dat*-Format*'
        { Export-SoDataDatapoint @one -Path (Join-Path $folder 'noextension') } | Should -Throw -ErrorId 'UnknownFileFormat,*'
        { Export-SoDataDatapoint @one -Path $folder } | Should -Throw -ErrorId 'PathIsFolder,*'
        { Export-SoDataDatapoint @one -Path (Join-Path $folder 'old.xls') } | Should -Throw -ErrorId 'UnsupportedFileFormat,*' -ExpectedMessage '*.xlsx*'
        { Export-SoDataDatapoint @one -Path (Join-Path $folder 'enc.xlsx') -Encoding utf8BOM } | Should -Throw -ErrorId 'EncodingWithXlsx,*' -ExpectedMessage '*-Encoding*'
        Get-RouteCount $sandbox $DatapointsRoute | Should -Be 0
        @(Get-ChildItem -LiteralPath $folder -Filter 'mismatch*'; Get-ChildItem -LiteralPath $folder -Filter 'report.dat') | Should -BeNullOrEmpty

        # -Format says what an unusual name cannot.
        Export-SoDataDatapoint @one -Path (Join-Path $folder 'report.dat') -Format Xlsx
        (Read-Workbook (Join-Path $folder 'report.dat'))[0].Rows.Count | Should -Be 13
        Export-SoDataDatapoint @one -Path (Join-Path $folder 'report.txt')
        @(Import-Csv -LiteralPath (Join-Path $folder 'report.txt')).Count | Should -Be 12
    }
}

Describe 'Export-SoDataDatapoint Excel reports (tables, sheets, charts)' {
    It 'writes a daily report: a table of the hours of yesterday in Paris and a line chart with a series per variable' {
        $path = Join-Path $folder 'report.xlsx'
        $three = @($delphys | Get-SoDataVariable -StreamRef 'Global|0|140100', 'Unit|0|140108', 'Unit|1|140108')
        $three | Export-SoDataDatapoint -Range Yesterday -TimeZone Europe/Paris -Granularity Hour -Aggregation Avg -Pivot -Chart -Path $path
        Test-Workbook $path | Should -BeNullOrEmpty

        # 24 hours, or 23 or 25 on the day the clocks change.
        $today = [TimeZoneInfo]::ConvertTime([datetimeoffset]::UtcNow, $paris).Date
        $hours = ([TimeZoneInfo]::ConvertTimeToUtc($today, $paris) - [TimeZoneInfo]::ConvertTimeToUtc($today.AddDays(-1), $paris)).TotalHours
        $sheet = @(Read-Workbook $path)
        $sheet.Count | Should -Be 1
        $sheet[0].Table | Should -Be "A1:D$($hours + 1)"
        $sheet[0].FrozenRows | Should -Be 1
        $sheet[0].Rows[0][0].Value | Should -Be 'Timestamp (Europe/Paris)'
        $labels = @(($three | Get-SoDataDatapoint -Range Yesterday -TimeZone Europe/Paris -Granularity Hour -Pivot | Select-Object -First 1).PSObject.Properties.Name | Select-Object -Skip 1)
        @($sheet[0].Rows[0].Value | Select-Object -Skip 1) | Should -Be $labels -Because 'the headers of Get-SoDataDatapoint -Pivot, with their units'
        $sheet[0].Rows[1][0].Value | Should -Be $today.AddDays(-1)
        $sheet[0].Rows[-1][0].Value | Should -Be $today.AddHours(-1)

        $chart = @(Read-Chart $path)
        $chart.Count | Should -Be 1
        $chart[0].Sheet | Should -Be 'Datapoints chart'
        $chart[0].Title | Should -Be 'Avg per hour'
        $chart[0].ValueAxis | Should -BeNullOrEmpty -Because 'PERCENT and AMPERE have no axis in common'
        $last = $hours + 1
        $chart[0].Series.Name | Should -Be @("'Datapoints'!`$B`$1", "'Datapoints'!`$C`$1", "'Datapoints'!`$D`$1")
        $chart[0].Series.Times | Sort-Object -Unique | Should -Be "'Datapoints'!`$A`$2:`$A`$$last"
        $chart[0].Series.Values | Should -Be @("'Datapoints'!`$B`$2:`$B`$$last", "'Datapoints'!`$C`$2:`$C`$$last", "'Datapoints'!`$D`$2:`$D`$$last")
    }

    It 'names the value axis with the unit the series share, and the sheet with -WorksheetName' {
        $path = Join-Path $folder 'currents.xlsx'
        $devices | Select-Object -First 3 | Get-SoDataVariable -StreamRef 'Unit|1|140108' |
            Export-SoDataDatapoint -From $Day -To $Day.AddDays(1) -Granularity Hour -Pivot -Chart -WorksheetName 'Currents: L3' -Path $path
        Test-Workbook $path | Should -BeNullOrEmpty
        (Read-Workbook $path).Name | Should -Be 'Currents_ L3'
        $chart = Read-Chart $path
        $chart.Sheet | Should -Be 'Currents_ L3 chart'
        $chart.ValueAxis | Should -Be 'AMPERE'
        $chart.Series.Count | Should -Be 3
        $chart.Series[2].Values | Should -Be "'Currents_ L3'!`$D`$2:`$D`$25"
    }

    It 'writes a sheet per device, each a table of that device''s rows only, under its full name' {
        $path = Join-Path $folder 'per-device.xlsx'
        $three = @($devices | Select-Object -First 3)
        # Variables piped device after device, and mixed: each device's rows still come together on its sheet.
        $variables = @($three | Get-SoDataVariable -StreamRef 'Global|0|140100', 'Unit|1|140108' | Sort-Object StreamRef)
        $variables | Export-SoDataDatapoint -From $Day -To $Day.AddHours(2) -BatchSize 4 -SheetPer Device -Path $path
        Test-Workbook $path | Should -BeNullOrEmpty

        $sheets = @(Read-Workbook $path)
        $sheets.Count | Should -Be 3
        for ($i = 0; $i -lt 3; $i++) {
            $sheets[$i].Rows[0][0].Value | Should -Be "$($three[$i].Name) ($($three[$i].Uuid))"
            $sheets[$i].FrozenRows | Should -Be 2
            $sheets[$i].Table | Should -Be 'A2:M50' # a title, a header, 2 series x 24 points
            $data = @($sheets[$i].Rows | Select-Object -Skip 2)
            @($data | ForEach-Object { $_[2].Value } | Sort-Object -Unique) | Should -Be $three[$i].Uuid
        }
        @($sheets.Name | Sort-Object -Unique).Count | Should -Be 3
        $sheets | ForEach-Object { $_.Name.Length | Should -BeLessOrEqual 31 }
    }

    It 'writes a sheet and a chart per series with -SheetPer Series -Chart' {
        $path = Join-Path $folder 'per-series.xlsx'
        $delphys | Get-SoDataVariable -StreamRef 'Global|0|140100', 'Unit|1|140108' |
            Export-SoDataDatapoint -From $Day -To $Day.AddDays(2) -TimeZone Europe/Paris -Granularity Hour -Aggregation Max -SheetPer Series -Chart -Path $path
        Test-Workbook $path | Should -BeNullOrEmpty
        $sheets = @(Read-Workbook $path)
        $sheets.Count | Should -Be 2
        $charts = @(Read-Chart $path)
        $charts.Count | Should -Be 2
        $charts.ValueAxis | Should -Be @('PERCENT', 'AMPERE')
        $charts[0].Title | Should -BeLike '* / * (PERCENT) `[Global|0|140100`]: Max per hour'
        $charts[0].Series.Values | Should -Be "'$($sheets[0].Name)'!`$B`$3:`$B`$$($sheets[0].Rows.Count)"
    }

    It 'refuses, before any request, workbook parameters with CSV, -SheetPer with -Pivot, a -Chart without series columns, and a chart of too many points' {
        $one = @{ Device = $delphys; Series = 'Global|0|140100'; From = $Day; To = $Day.AddHours(1) }
        Reset-SoDataSandboxStats $sandbox
        { Export-SoDataDatapoint @one -Path (Join-Path $folder 'sheets.csv') -SheetPer Device } | Should -Throw -ErrorId 'WorkbookParameterWithCsv,*' -ExpectedMessage '*-SheetPer*.xlsx*'
        { Export-SoDataDatapoint @one -Path (Join-Path $folder 'sheets.csv') -Chart } | Should -Throw -ErrorId 'WorkbookParameterWithCsv,*'
        { Export-SoDataDatapoint @one -Path (Join-Path $folder 'sheets.xlsx') -SheetPer Device -Pivot } | Should -Throw -ErrorId 'SheetPerWithPivot,*'
        { Export-SoDataDatapoint @one -Path (Join-Path $folder 'sheets.xlsx') -Chart } | Should -Throw -ErrorId 'ChartNeedsSeriesColumns,*' -ExpectedMessage '*-Pivot*'
        { Export-SoDataDatapoint -Device $delphys -Series 'Global|0|140100', 'Unit|1|140108' -From $Day -To $Day.AddDays(40) -Granularity Minute -Pivot -Chart -Path (Join-Path $folder 'sheets.xlsx') } |
            Should -Throw -ErrorId 'ChartTooLarge,*' -ExpectedMessage '*-Granularity*'
        Get-RouteCount $sandbox $DatapointsRoute | Should -Be 0
        Get-ChildItem -LiteralPath $folder -Filter 'sheets.*' | Should -BeNullOrEmpty
    }

    It 'refuses a raw chart that turns out too large, and writes no file' {
        $path = Join-Path $folder 'raw-chart.xlsx'
        # 12 series x 8,641 five-minute points: more than 100,000, which only the rows tell for raw points.
        { $variables | Export-SoDataDatapoint -From $Day -To $Day.AddDays(30).AddMinutes(5) -Pivot -Chart -Path $path } |
            Should -Throw -ErrorId 'ChartTooLarge,*' -ExpectedMessage '*-Granularity*'
        $path | Should -Not -Exist
        Get-Leftover | Should -BeNullOrEmpty
    }
}
